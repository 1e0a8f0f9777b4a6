// The CalDAV setup page: what to type into a calendar app, and where.

import {proUnlocks} from './account.js';
import {copyField, h, pageTitle} from './ui.js';

export function caldavPage(section, {session}) {
    section.append(pageTitle('CalDAV setup'));
    if (session.plan !== 'PRO') {
        section.append(proUnlocks());
        return;
    }
    // clients find the calendars from the root by /.well-known/caldav (RFC 6764), so the origin is all they need
    const server = `${window.location.origin}/`;
    // Apple's forms take a host name, with the port unless it is the default one
    const host = window.location.host;
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(window.location.hostname);
    section.append(...[
        h('p', {class: 'lead'}, 'Your hosted calendars sync with any CalDAV app. Every app needs the same three things:'),
        h('div', {class: 'card settings'},
            copyField({label: 'Server URL', value: server, name: 'server-url'}),
            copyField({label: 'Username', value: session.email, name: 'username'}),
            h('p', {class: 'password-note'}, h('strong', {}, 'Password: '), 'use an API key as the password. Generate one on the ',
                h('a', {href: '#/api'}, 'API page'), ' (one key per device, so that you can revoke one device alone).')),
        window.location.protocol === 'http:' && !local
            ? h('p', {class: 'warning'}, 'This page came over plain HTTP: an app set up with this address would send your key '
                + 'across the network in clear text. Use the server\'s https:// address instead.')
            : null,
        h('p', {}, 'Regenerating a calendar\'s feed URL also moves its CalDAV address: apps then need to find it again.'),
        steps('Apple Calendar on a Mac', [
            'Open Calendar › Settings › Accounts and click +, then choose Other CalDAV Account.',
            `Set Account Type to Manual; enter the username, an API key as the password, and ${host} as the server address.`,
            'Click Sign In.',
        ]),
        steps('Apple Calendar on iPhone and iPad', [
            'Open Settings › Calendar › Accounts (from iOS 18: Settings › Apps › Calendar › Calendar Accounts), '
            + 'tap Add Account › Other › Add CalDAV Account.',
            `Enter ${host} as Server, the username as User Name, and an API key as Password.`,
            'Tap Next, then Save.',
        ]),
        steps('Thunderbird', [
            'In the Calendar, choose New Calendar… › On the Network, and click Next.',
            'Enter the username, and the server URL as Location, then click Find Calendars.',
            'When asked for a password, enter an API key; then choose the calendars and click Subscribe.',
        ]),
        steps('DAVx5 on Android', [
            'Tap + and choose Login with URL and user name.',
            'Enter the server URL as Base URL, the username as User name, and an API key as Password, then tap Login.',
            'Tap Create account, then switch on the calendars to sync on the CalDAV tab.',
        ]),
        steps('GNOME Evolution', [
            'Choose File › New › Calendar, and CalDAV as the type.',
            'Enter the server URL as URL and the username as User, then click Find Calendars.',
            'Enter an API key as the password, and pick the calendar.',
        ]),
    ].filter(Boolean));
}

function steps(title, items) {
    return h('section', {class: 'client-steps'},
        h('h2', {}, title),
        h('ol', {}, items.map((item) => h('li', {}, item))));
}
