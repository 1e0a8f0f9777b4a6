// The API page: generate a key (shown once), list the keys with their last use and where it came from, rotate, revoke.

import {proUnlocks} from './account.js';
import {call} from './api.js';
import {confirmAction, copyField, day, field, formError, h, moment, onSubmit, pageTitle, relativeTime, uid} from './ui.js';

/** How long a rotated key keeps working: the choices offered (the API takes any 0 to 604800 seconds). */
const GRACE_PERIODS = [[0, 'No time: revoke it now'], [3600, '1 hour'], [86400, '1 day'], [604800, '7 days']];
const DEFAULT_GRACE = 86400;

export async function keysPage(section, {session}) {
    section.append(pageTitle('API'));
    if (session.plan !== 'PRO') {
        section.append(proUnlocks());
        return;
    }
    const origin = window.location.origin;
    // the one place the full key ever is: this slot, until the page is left or reloaded, or another key is made
    const newKey = h('div', {class: 'new-key-slot'});
    const status = h('p', {class: 'status', role: 'status'});
    const list = h('div', {class: 'keys'});

    const form = h('form', {class: 'inline-form', 'aria-labelledby': 'generate-title'},
        field({label: 'Key name', name: 'name', required: true, maxlength: 100, autocomplete: 'off',
            hint: 'So that you can tell your keys apart, for example "Production server".'}),
        h('button', {type: 'submit'}, 'Generate'),
        formError());
    onSubmit(form, async ({name}) => {
        const created = await call('POST', '/api-keys', {name});
        form.reset();
        showNewKey(newKey, created);
        await refresh();
    });

    async function refresh() {
        const keys = await call('GET', '/api-keys');
        list.replaceChildren(keys.length ? keyTable(keys, {rotate, revoke}) : h('p', {class: 'empty'}, 'No keys yet.'));
    }

    async function revoke(key) {
        const confirmed = await confirmAction({
            title: `Revoke the key “${key.name}”?`,
            paragraphs: [`Every program that uses the key ${key.prefix}… gets 401 from its very next request, over the REST API, MCP and CalDAV.`,
                'This cannot be undone; the key stays listed as revoked.'],
            confirm: 'Revoke key',
        });
        if (!confirmed) {
            return;
        }
        try {
            await call('DELETE', `/api-keys/${encodeURIComponent(key.id)}`);
            status.textContent = `The key “${key.name}” is revoked.`;
        } catch (failure) {
            status.textContent = failure.message;
        }
        await refresh();
        document.getElementById('keys-title').focus();
    }

    async function rotate(key) {
        const id = uid('grace');
        const grace = h('select', {id, name: 'graceSeconds'},
            GRACE_PERIODS.map(([seconds, label]) => h('option', {value: seconds, selected: seconds === DEFAULT_GRACE}, label)));
        const confirmed = await confirmAction({
            title: `Rotate the key “${key.name}”?`,
            paragraphs: ['A new key is made and shown once, here. Put it in your programs, then let the old one go:',
                `the key ${key.prefix}… keeps working for the time you choose, and is then refused like a revoked key.`],
            fields: [h('div', {class: 'field'}, h('label', {for: id}, 'The old key keeps working for'), grace)],
            confirm: 'Rotate key',
        });
        if (!confirmed) {
            return;
        }
        try {
            const created = await call('POST', `/api-keys/${encodeURIComponent(key.id)}/rotate`,
                {graceSeconds: Number(grace.value)});
            showNewKey(newKey, created);
            status.textContent = Number(grace.value) === 0
                ? `The key “${key.name}” is revoked; its successor is shown above.`
                : `The key “${key.name}” will be revoked at the end of its grace period; its successor is shown above.`;
        } catch (failure) {
            status.textContent = failure.message;
        }
        await refresh();
    }

    section.append(
        h('p', {class: 'lead'}, 'Programs use a key as ', h('code', {}, 'Authorization: Bearer cp_…'),
            ' on the REST API at ', h('code', {id: 'rest-url'}, `${origin}/api/v1`), ' and on the MCP server at ',
            h('code', {id: 'mcp-url'}, `${origin}/mcp`), ' (for Claude, VS Code, Cursor and other agents), and as the password for ',
            h('a', {href: '#/caldav'}, 'CalDAV'), '. A key has all the access of your account.'),
        h('section', {'aria-labelledby': 'generate-title'},
            h('h2', {id: 'generate-title'}, 'Generate New Key'),
            form,
            newKey),
        h('section', {'aria-labelledby': 'keys-title'},
            h('h2', {id: 'keys-title', tabindex: -1}, 'Your keys'),
            status,
            list));
    await refresh();
}

function showNewKey(slot, created) {
    const panel = h('div', {class: 'new-key', role: 'region', 'aria-labelledby': 'new-key-title'},
        h('h3', {id: 'new-key-title'}, `Your new key “${created.name}”`),
        h('p', {class: 'warning'}, h('strong', {}, 'Copy it now: it will not be shown again.'),
            ' Leaving or reloading this page loses it; the server keeps only a hash of it.'),
        copyField({label: 'New API key', value: created.key, name: 'new-key'}),
        h('button', {type: 'button', class: 'secondary', onclick: () => slot.replaceChildren()}, 'I have copied it'));
    slot.replaceChildren(panel);
    const input = panel.querySelector('input');
    input.focus();
    input.select();
}

const CHANNELS = {rest: 'REST API', caldav: 'CalDAV', mcp: 'MCP'};

// Where the last use came from: the address and the client on hover, all of it (and the recent
// addresses) in a disclosure that works by keyboard and at 375 px. Every value is text the client
// chose (the user agent above all): it goes in as text nodes, never as markup.
function usedFrom(key) {
    if (!key.lastUsedIp) {
        return null;
    }
    const via = CHANNELS[key.lastUsedVia] || key.lastUsedVia || 'unknown';
    const client = key.lastUsedUserAgent || 'no user agent sent';
    return h('details', {class: 'used-from'},
        h('summary', {title: `${client} (${via})`}, `from ${key.lastUsedIp}`),
        h('dl', {},
            h('dt', {}, 'Address'), h('dd', {class: 'used-ip'}, key.lastUsedIp),
            h('dt', {}, 'Client'), h('dd', {class: 'used-agent'}, client),
            h('dt', {}, 'Via'), h('dd', {class: 'used-via'}, via),
            h('dt', {}, 'Recent addresses'), h('dd', {class: 'recent-ips'},
                h('ul', {}, (key.recentIps || []).map((ip) => h('li', {}, ip))))));
}

function keyTable(keys, {rotate, revoke}) {
    return h('table', {'aria-labelledby': 'keys-title'},
        h('thead', {}, h('tr', {},
            ['Name', 'Prefix', 'Created', 'Last Used', 'Status'].map((title) => h('th', {scope: 'col'}, title)),
            h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')))),
        h('tbody', {}, keys.map((key) => h('tr', {'data-key-id': key.id, class: key.revokedAt ? 'revoked' : null},
            h('td', {'data-label': 'Name'}, key.name),
            h('td', {'data-label': 'Prefix'}, h('code', {}, key.prefix)),
            h('td', {'data-label': 'Created'}, day(key.createdAt)),
            // one child, so that the narrow layout's label/value grid keeps the details beside the label
            h('td', {'data-label': 'Last Used', class: 'last-used'}, h('div', {},
                key.lastUsedAt ? relativeTime(key.lastUsedAt) : 'Never', usedFrom(key))),
            h('td', {'data-label': 'Status', class: 'key-status'}, keyStatus(key)),
            h('td', {class: 'row-actions'}, key.revokedAt ? null : [
                h('button', {type: 'button', class: 'secondary small', 'aria-label': `Rotate ${key.name}`,
                    onclick: () => rotate(key)}, 'Rotate'),
                ' ',
                h('button', {type: 'button', class: 'danger small', 'aria-label': `Revoke ${key.name}`,
                    onclick: () => revoke(key)}, 'Revoke')])))));
}

function keyStatus(key) {
    if (key.revokedAt) {
        return h('span', {}, 'Revoked ', relativeTime(key.revokedAt));
    }
    if (key.revokesAt) {
        return h('span', {class: 'revokes-at'}, 'Active, revokes at ', moment(key.revokesAt));
    }
    return 'Active';
}
