// The Calendars page: the account's hosted calendars, their feed URLs, and the changes to them.

import {proUnlocks} from './account.js';
import {call} from './api.js';
import {confirmAction, copyField, field, formError, h, onSubmit, pageTitle, uid} from './ui.js';
import {webhookPanel} from './webhooks.js';

const NULLABLE = ['description', 'color', 'organizerDisplayName'];

export async function calendarsPage(section, {session}) {
    section.append(pageTitle('Calendars'));
    if (session.plan !== 'PRO') {
        section.append(proUnlocks());
        return;
    }
    const zones = timeZoneList();
    const status = h('p', {class: 'status', role: 'status'});
    const list = h('div', {class: 'calendar-list'});

    const createForm = calendarForm({
        submit: 'Create calendar',
        calendar: {timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'},
        zones,
    });
    onSubmit(createForm, async (values) => {
        // a new calendar takes only what was filled in; the server fills in the rest
        const body = Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ''));
        const created = await call('POST', '/hosted-calendars', body);
        createForm.reset();
        status.textContent = `The calendar “${created.name}” is created.`;
        await refresh();
    });

    async function refresh() {
        const calendars = await call('GET', '/hosted-calendars');
        list.replaceChildren(...(calendars.length
            ? calendars.map((calendar) => calendarCard(calendar))
            : [h('p', {class: 'empty'}, 'No calendars yet.')]));
    }

    function calendarCard(calendar) {
        const card = h('article', {class: 'calendar', 'data-calendar-id': calendar.id});
        showDetails(card, calendar);
        return card;
    }

    function showDetails(card, calendar) {
        const titleId = uid('calendar-title');
        const swatch = h('span', {class: 'swatch', 'aria-hidden': 'true'});
        if (calendar.color) {
            swatch.style.backgroundColor = calendar.color;
        }
        const feed = `${window.location.origin}/feed/${calendar.feedToken}.ics`;
        const webcal = `webcal://${window.location.host}/feed/${calendar.feedToken}.ics`;
        card.setAttribute('aria-labelledby', titleId);
        card.replaceChildren(...[
            h('h3', {id: titleId, tabindex: -1}, swatch, calendar.name),
            h('p', {class: 'meta'}, `Time zone ${calendar.timezone}`,
                calendar.organizerDisplayName ? ` · Organizer ${calendar.organizerDisplayName}` : null),
            calendar.description ? h('p', {class: 'description'}, calendar.description) : null,
            copyField({label: `ICS feed URL of ${calendar.name}`, value: feed, name: 'feed-url'}),
            copyField({label: `webcal:// subscription URL of ${calendar.name}`, value: webcal, name: 'webcal-url'}),
            h('p', {class: 'hint'}, 'Anyone with these URLs can read the calendar: regenerate them if they leak.'),
            h('div', {class: 'actions'},
                h('button', {type: 'button', class: 'secondary', 'aria-label': `Edit ${calendar.name}`,
                    onclick: () => edit(card, calendar)}, 'Edit'),
                h('button', {type: 'button', class: 'secondary', 'aria-label': `Regenerate the feed URL of ${calendar.name}`,
                    onclick: () => regenerate(card, calendar)}, 'Regenerate feed URL'),
                h('button', {type: 'button', class: 'secondary', 'aria-label': `Webhook of ${calendar.name}`,
                    onclick: () => webhook(card, calendar)}, 'Webhook'),
                h('button', {type: 'button', class: 'danger', 'aria-label': `Delete ${calendar.name}`,
                    onclick: () => remove(calendar)}, 'Delete')),
        ].filter(Boolean));
    }

    function edit(card, calendar) {
        const form = calendarForm({submit: 'Save', calendar, zones, label: `Edit ${calendar.name}`});
        form.append(h('button', {type: 'button', class: 'secondary', onclick: () => {
            showDetails(card, calendar);
            card.querySelector('h3').focus();
        }}, 'Cancel'));
        onSubmit(form, async (values) => {
            // every field is sent: an emptied optional field is cleared (null)
            const body = {...values};
            NULLABLE.forEach((name) => {
                body[name] = body[name].trim() === '' ? null : body[name];
            });
            const updated = await call('PATCH', `/hosted-calendars/${encodeURIComponent(calendar.id)}`, body);
            status.textContent = `The calendar “${updated.name}” is saved.`;
            showDetails(card, updated);
            card.querySelector('h3').focus();
        });
        card.replaceChildren(form);
        form.querySelector('input').focus();
    }

    function webhook(card, calendar) {
        const panel = webhookPanel(calendar, () => {
            panel.remove();
            card.querySelector('h3').focus();
        });
        card.querySelector('section.webhook')?.remove();
        card.append(panel);
        panel.querySelector('h4').focus();
    }

    async function regenerate(card, calendar) {
        const confirmed = await confirmAction({
            title: `Regenerate the feed URL of “${calendar.name}”?`,
            paragraphs: ['The calendar gets a new feed URL and webcal:// URL.',
                'Existing subscriptions stop working at once: whoever uses them must subscribe again with the new URL. '
                + 'CalDAV connections and the calendar email do not change.'],
            confirm: 'Regenerate',
        });
        if (confirmed) {
            await act(async () => {
                const updated = await call('POST', `/hosted-calendars/${encodeURIComponent(calendar.id)}/regenerate-token`);
                status.textContent = `The calendar “${updated.name}” has a new feed URL; the old one no longer works.`;
                showDetails(card, updated);
                card.querySelector('h3').focus();
            });
        }
    }

    async function remove(calendar) {
        const confirmed = await confirmAction({
            title: `Delete “${calendar.name}”?`,
            paragraphs: ['The calendar and all its events are deleted; its feed URL and CalDAV connections stop working.',
                'This cannot be undone.'],
            confirm: 'Delete calendar',
        });
        if (confirmed) {
            await act(async () => {
                await call('DELETE', `/hosted-calendars/${encodeURIComponent(calendar.id)}`);
                status.textContent = `The calendar “${calendar.name}” is deleted.`;
                await refresh();
                document.getElementById('calendars-title').focus();
            });
        }
    }

    /** A change made from a button, not a form: its failure is said in the page's status line. */
    async function act(change) {
        try {
            await change();
        } catch (failure) {
            status.textContent = failure.message;
        }
    }

    section.append(
        h('p', {class: 'lead'}, 'Calendars hosted here. Each has an ICS feed that calendar apps subscribe to, '
            + 'and syncs both ways over ', h('a', {href: '#/caldav'}, 'CalDAV'), ' and the REST API.'),
        zones,
        h('section', {'aria-labelledby': 'new-calendar-title'},
            h('h2', {id: 'new-calendar-title'}, 'New calendar'),
            createForm),
        h('section', {'aria-labelledby': 'calendars-title'},
            h('h2', {id: 'calendars-title', tabindex: -1}, 'Your calendars'),
            status,
            list));
    await refresh();
}

/** The writable fields of a hosted calendar; names as in the API, so its details land next to the right field. */
function calendarForm({submit, calendar, zones, label}) {
    return h('form', {class: 'calendar-form', 'aria-label': label || null},
        h('div', {class: 'field-row'},
            field({label: 'Name', name: 'name', value: calendar.name || '', required: true, maxlength: 100}),
            field({label: 'Time zone', name: 'timezone', value: calendar.timezone || '', required: true,
                list: zones.id, autocomplete: 'off', hint: 'An IANA name, such as Europe/Berlin.'})),
        field({label: 'Description', name: 'description', type: 'textarea', value: calendar.description || '', maxlength: 500}),
        h('div', {class: 'field-row'},
            field({label: 'Color', name: 'color', value: calendar.color || '', placeholder: '#3366CC', hint: 'Optional, as #RRGGBB.'}),
            field({label: 'Organizer name', name: 'organizerDisplayName', value: calendar.organizerDisplayName || '',
                maxlength: 100, hint: 'Optional: shown as the organizer of its events.'})),
        formError(),
        h('button', {type: 'submit'}, submit));
}

/** The browser's list of IANA zones, offered as suggestions; the server decides what is valid. */
function timeZoneList() {
    const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    return h('datalist', {id: uid('time-zones')},
        ['UTC', ...names.filter((name) => name !== 'UTC')].map((name) => h('option', {value: name})));
}
