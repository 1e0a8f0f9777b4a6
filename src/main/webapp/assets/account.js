// The Account page, and what a Free account sees in place of the Pro pages.

import {call} from './api.js';
import {day, field, formError, h, onSubmit, pageTitle} from './ui.js';

const PLAN_NAMES = {PRO: 'Pro', FREE: 'Free'};

export function accountPage(section, {session}) {
    section.append(
        pageTitle('Account'),
        h('dl', {class: 'facts'},
            h('dt', {}, 'Email'), h('dd', {}, session.email),
            h('dt', {}, 'Display name'), h('dd', {}, session.displayName),
            h('dt', {}, 'Plan'), h('dd', {'data-plan': session.plan}, PLAN_NAMES[session.plan] || session.plan),
            h('dt', {}, 'Member since'), h('dd', {}, day(session.createdAt))),
        session.plan === 'PRO'
            ? h('p', {}, 'Your plan includes API keys, hosted calendars with their ICS feeds, and CalDAV sync.')
            : proUnlocks(),
        passwordForm());
}

/** Change password: the other sessions of the account end, this one stays signed in. */
function passwordForm() {
    const status = h('p', {class: 'status', role: 'status'});
    const form = h('form', {class: 'card password-form', 'aria-labelledby': 'password-title'},
        field({label: 'Current password', name: 'currentPassword', type: 'password', required: true,
            autocomplete: 'current-password'}),
        field({label: 'New password', name: 'newPassword', type: 'password', required: true, minlength: 10,
            maxlength: 200, autocomplete: 'new-password',
            hint: '10 to 200 characters. Wherever else you are signed in is signed out; API keys keep working.'}),
        formError(),
        h('button', {type: 'submit'}, 'Change password'));
    onSubmit(form, async ({currentPassword, newPassword}) => {
        status.textContent = '';
        await call('PUT', '/account/password', {currentPassword, newPassword});
        form.reset();
        status.textContent = 'Your password is changed. Every other session of your account is signed out.';
    });
    return h('section', {'aria-labelledby': 'password-title'},
        h('h2', {id: 'password-title'}, 'Change password'),
        status,
        form);
}

/** In place of a Pro page for an account on the Free plan. */
export function proUnlocks() {
    return h('section', {class: 'pro-notice', 'aria-labelledby': 'pro-title'},
        h('h2', {id: 'pro-title'}, 'Available on Pro'),
        h('p', {}, 'Your account is on the Free plan. Pro unlocks:'),
        h('ul', {},
            h('li', {}, h('strong', {}, 'API keys'), ' for the REST API and for CalDAV'),
            h('li', {}, h('strong', {}, 'Hosted calendars'), ' and their events, managed here, over the REST API or from calendar apps'),
            h('li', {}, h('strong', {}, 'ICS feeds'), ' (and webcal:// links) that any calendar app can subscribe to'),
            h('li', {}, h('strong', {}, 'CalDAV sync'), ' with Apple Calendar, Thunderbird, DAVx5 and other clients')),
        h('p', {}, 'Plans are set by whoever runs this server: ask them to move your account to Pro. '
            + 'A downgrade never deletes anything, so keys and calendars made on Pro come back with it.'));
}
