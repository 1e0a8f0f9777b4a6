// The Activity page: the account's audit trail (GET /api/v1/audit-events), newest first, a page
// at a time. Every value the server lists is inserted as text (h() makes text nodes), never markup:
// user agents and addresses are the client's to choose.

import {call} from './api.js';
import {h, pageTitle, relativeTime} from './ui.js';

const PAGE_SIZE = 50;

const TYPES = {
    signed_up: 'Signed up',
    signed_in: 'Signed in',
    sign_in_failed: 'Sign-in failed',
    signed_out: 'Signed out',
    password_changed: 'Password changed',
    key_created: 'Key created',
    key_revoked: 'Key revoked',
    key_first_used: 'Key first used',
    key_new_address: 'Key used from a new address',
    key_leak_reported: 'Key reported leaked',
    plan_changed: 'Plan changed',
    auth_throttled: 'Sign-in throttled',
    feed_token_regenerated: 'Feed URL regenerated',
    email_verified: 'Email verified',
    admin_confirmed: 'Admin confirmed with the setup token',
    free_busy_sharing_changed: 'Free-busy sharing changed',
    webhook_disabled: 'Webhook disabled',
};

export function activityPage(section) {
    const status = h('p', {class: 'status', role: 'status'});
    const rows = h('tbody', {});
    const table = h('table', {class: 'activity'},
        h('thead', {}, h('tr', {},
            h('th', {scope: 'col'}, 'Event'), h('th', {scope: 'col'}, 'When'), h('th', {scope: 'col'}, 'Address'),
            h('th', {scope: 'col'}, 'Client'), h('th', {scope: 'col'}, 'Key'), h('th', {scope: 'col'}, 'Details'))),
        rows);
    const more = h('button', {type: 'button', class: 'secondary more', hidden: true, onclick: () => load()}, 'More');
    let before = null;

    section.append(
        pageTitle('Activity'),
        h('p', {}, 'Security events of your account, newest first: sign-ins, keys created, used and revoked, plan changes.'),
        status,
        table,
        more);

    async function load() {
        more.disabled = true;
        try {
            const query = `?limit=${PAGE_SIZE}` + (before ? `&before=${encodeURIComponent(before)}` : '');
            const page = await call('GET', '/audit-events' + query, undefined, {whole: true});
            rows.append(...page.data.map(row));
            before = page.meta.next_before;
            more.hidden = !page.meta.has_more;
            if (!rows.children.length) {
                status.textContent = 'No activity yet.';
            }
        } catch (failure) {
            status.textContent = failure.message;
        } finally {
            more.disabled = false;
        }
    }

    load();
}

function row(event) {
    const details = Object.entries(event.details || {}).map(([name, value]) => `${name}: ${value}`).join(', ');
    return h('tr', {'data-type': event.type},
        h('td', {}, TYPES[event.type] || event.type),
        h('td', {}, relativeTime(event.at)),
        h('td', {class: 'ip'}, event.ip || '—'),
        h('td', {class: 'client'}, event.userAgent || '—'),
        h('td', {class: 'key'}, event.keyPrefix ? `${event.keyPrefix}…` : '—'),
        h('td', {class: 'details'}, details));
}
