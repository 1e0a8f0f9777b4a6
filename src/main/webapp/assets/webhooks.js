// A calendar's webhook, in its card on the Calendars page: where it points, its recent
// deliveries, and a test ping, as GitHub's webhook page shows them.

import {call} from './api.js';
import {confirmAction, copyField, field, formError, h, onSubmit, relativeTime, uid} from './ui.js';

/** The panel of one calendar's webhook; `done` closes it. */
export function webhookPanel(calendar, done) {
    const base = `/hosted-calendars/${encodeURIComponent(calendar.id)}/webhook`;
    const titleId = uid('webhook-title');
    const status = h('p', {class: 'status', role: 'status'});
    const body = h('div', {class: 'webhook-body'});
    const panel = h('section', {class: 'webhook', 'aria-labelledby': titleId},
        h('h4', {id: titleId, tabindex: -1}, `Webhook of ${calendar.name}`),
        status, body,
        h('button', {type: 'button', class: 'secondary', onclick: done}, 'Close'));

    // a secret just made stays in view until the panel closes, whatever else reloads it
    let secret = null;

    async function load() {
        let webhook = null;
        try {
            webhook = await call('GET', base);
        } catch (failure) {
            if (failure.status !== 404) {
                status.textContent = failure.message;
                return;
            }
        }
        body.replaceChildren(...[
            webhook ? summary(webhook) : h('p', {class: 'empty'}, 'No webhook: set a URL to be told of every change.'),
            secret ? copyField({label: 'Signing secret (shown this once: keep it)', value: secret, name: 'webhook-secret'}) : null,
            urlForm(webhook),
            webhook ? h('div', {class: 'actions'},
                h('button', {type: 'button', class: 'secondary', onclick: test}, 'Send test'),
                h('button', {type: 'button', class: 'danger', onclick: remove}, 'Delete webhook')) : null,
            webhook ? await deliveries() : null,
        ].filter(Boolean));
    }

    function summary(webhook) {
        return h('p', {class: 'meta'},
            webhook.enabled ? 'Enabled' : `Disabled: ${webhook.disabledReason}`,
            ` · ${webhook.types ? webhook.types.join(', ') : 'all event types'} · secret ${webhook.secretStart}…`);
    }

    function urlForm(webhook) {
        const form = h('form', {class: 'webhook-form', 'aria-label': `Webhook URL of ${calendar.name}`},
            field({label: 'Payload URL', name: 'url', type: 'url', value: webhook ? webhook.url : '', required: true,
                placeholder: 'https://bot.example.com/calendarpipe',
                hint: 'HTTPS, on the public Internet. Saving makes a new signing secret.'}),
            formError(),
            h('button', {type: 'submit'}, webhook ? 'Save webhook' : 'Add webhook'));
        onSubmit(form, async (values) => {
            const saved = await call('PUT', base, {url: values.url.trim()});
            status.textContent = 'The webhook is saved. Copy its signing secret now: it is not shown again.';
            secret = saved.secret;
            await load();
        });
        return form;
    }

    async function deliveries() {
        const recent = await call('GET', `${base}/deliveries?limit=10`);
        if (!recent.length) {
            return h('p', {class: 'empty'}, 'No deliveries yet.');
        }
        return h('table', {class: 'deliveries'},
            h('caption', {}, 'Recent deliveries'),
            h('thead', {}, h('tr', {}, ['Event', 'Status', 'Attempts', 'Answer', 'When'].map((name) => h('th', {scope: 'col'}, name)))),
            h('tbody', {}, recent.map((delivery) => h('tr', {'data-delivery-id': delivery.id},
                h('td', {'data-label': 'Event'}, delivery.type),
                h('td', {'data-label': 'Status', class: `delivery-${delivery.status}`}, delivery.status),
                h('td', {'data-label': 'Attempts'}, String(delivery.attempts)),
                h('td', {'data-label': 'Answer'}, delivery.lastStatus !== null ? String(delivery.lastStatus) : (delivery.lastError || '—')),
                h('td', {'data-label': 'When'}, relativeTime(delivery.createdAt))))));
    }

    async function test() {
        try {
            await call('POST', `${base}/test`);
            status.textContent = 'A test ping is on its way.';
            // the list shows it at once, pending; a moment later, how the receiver answered
            await load();
            setTimeout(() => load(), 2000);
        } catch (failure) {
            status.textContent = failure.message;
        }
    }

    async function remove() {
        const confirmed = await confirmAction({
            title: `Delete the webhook of “${calendar.name}”?`,
            paragraphs: ['Deliveries not yet sent are dropped; nothing more is sent to its URL.'],
            confirm: 'Delete webhook',
        });
        if (confirmed) {
            try {
                await call('DELETE', base);
                status.textContent = 'The webhook is deleted.';
                secret = null;
                await load();
            } catch (failure) {
                status.textContent = failure.message;
            }
        }
    }

    load();
    return panel;
}
