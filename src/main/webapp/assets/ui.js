// Small DOM helpers shared by the pages. Everything is built with createElement and text
// nodes, never from HTML strings, so names and descriptions people typed cannot become markup.

import {ApiFailure} from './api.js';

/** An element: attributes (on* are listeners; true, false and null as for boolean attributes) and children. */
export function h(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === null || value === undefined || value === false) {
            continue;
        }
        if (name.startsWith('on')) {
            node.addEventListener(name.slice(2), value);
        } else {
            node.setAttribute(name, value === true ? '' : String(value));
        }
    }
    for (const child of children.flat()) {
        if (child !== null && child !== undefined && child !== false) {
            node.append(child instanceof Node ? child : String(child));
        }
    }
    return node;
}

let lastId = 0;

/** A page-unique id for label/aria wiring. */
export function uid(prefix) {
    lastId += 1;
    return `${prefix}-${lastId}`;
}

/**
 * A labelled form field with its hint and the slot where the API's complaint about it appears.
 * `name` is the JSON field name, so that an error's details[].field finds its input.
 */
export function field({label, name, type = 'text', value = '', hint, required = false, ...more}) {
    const id = uid(name);
    const hintId = hint ? `${id}-hint` : null;
    const errorId = `${id}-error`;
    const control = type === 'textarea'
        ? h('textarea', {id, name, rows: 3, required, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' '), ...more}, value)
        : h('input', {id, name, type, value, required, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' '), ...more});
    return h('div', {class: 'field'},
        h('label', {for: id}, label, required ? h('span', {class: 'required', 'aria-hidden': 'true'}, ' *') : null),
        control,
        hint ? h('p', {class: 'hint', id: hintId}, hint) : null,
        h('p', {class: 'field-error', id: errorId}));
}

/** The form-level error slot: announced when filled, and focusable so that it can take the focus. */
export function formError() {
    return h('p', {class: 'form-error', role: 'alert', tabindex: -1});
}

/**
 * Submits the form through `action(values)`, at most once at a time. An ApiFailure is shown on
 * the form itself: its message at the top, each of its details under the field it names.
 */
export function onSubmit(form, action) {
    let busy = false;
    form.noValidate = true; // the API validates; its answers appear next to the fields
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        if (busy) {
            return;
        }
        busy = true;
        const button = form.querySelector('button[type=submit]');
        button.setAttribute('aria-disabled', 'true');
        form.setAttribute('aria-busy', 'true');
        clearErrors(form);
        try {
            await action(Object.fromEntries(new FormData(form)));
        } catch (failure) {
            if (!(failure instanceof ApiFailure)) {
                throw failure;
            }
            showFailure(form, failure);
        } finally {
            busy = false;
            button.removeAttribute('aria-disabled');
            form.removeAttribute('aria-busy');
        }
    });
}

function clearErrors(form) {
    form.querySelectorAll('.form-error, .field-error').forEach((slot) => slot.replaceChildren());
    form.querySelectorAll('[aria-invalid]').forEach((control) => control.removeAttribute('aria-invalid'));
}

function showFailure(form, failure) {
    const general = form.querySelector('.form-error');
    const unplaced = [];
    for (const detail of failure.details) {
        const control = detail.field && form.elements.namedItem(detail.field);
        if (control instanceof HTMLElement && control.id) {
            const label = form.querySelector(`label[for="${control.id}"]`).firstChild.textContent;
            document.getElementById(`${control.id}-error`).textContent = `${label} ${detail.message}.`;
            control.setAttribute('aria-invalid', 'true');
        } else {
            unplaced.push(detail.field ? `${detail.field} ${detail.message}` : detail.message);
        }
    }
    general.replaceChildren(failure.message, ...unplaced.map((text) => h('span', {class: 'detail'}, text)));
    (form.querySelector('[aria-invalid="true"]') || general).focus();
}

/**
 * A read-only field with a Copy button: the button copies the field's value, and a polite
 * live region says that it did.
 */
export function copyField({label, value, name}) {
    const id = uid(name);
    const input = h('input', {id, name, type: 'text', value, readonly: true, spellcheck: 'false', class: 'mono'});
    const status = h('span', {class: 'copy-status', role: 'status'});
    const button = h('button', {type: 'button', class: 'secondary', 'aria-controls': id, 'aria-label': `Copy ${label}`,
        onclick: async () => status.replaceChildren(await copy(input))}, 'Copy');
    return h('div', {class: 'field'},
        h('label', {for: id}, label),
        h('div', {class: 'copy-row'}, input, button),
        status);
}

async function copy(input) {
    try {
        await navigator.clipboard.writeText(input.value);
        return 'Copied.';
    } catch (unavailable) {
        // no Clipboard API outside a secure context (plain HTTP on another host): select it instead
        input.focus();
        input.select();
        return document.execCommand('copy') ? 'Copied.' : 'Selected: press Ctrl+C (⌘C on a Mac) to copy.';
    }
}

/**
 * A modal confirmation: resolves to true only if the person chose the confirming button.
 * Cancel has the focus first, and Escape cancels, so that nothing is destroyed by a stray Enter.
 */
export function confirmAction({title, paragraphs, confirm, fields = []}) {
    return new Promise((resolve) => {
        const titleId = uid('confirm-title');
        const bodyId = uid('confirm-body');
        // fields (a choice to make before confirming) go into the dialog's form; the caller keeps
        // references to them and reads their values once this resolves to true
        const dialog = h('dialog', {class: 'confirm', 'aria-labelledby': titleId, 'aria-describedby': bodyId},
            h('h2', {id: titleId}, title),
            h('div', {id: bodyId}, paragraphs.map((text) => h('p', {}, text))),
            h('form', {method: 'dialog'},
                fields,
                h('div', {class: 'actions'},
                    h('button', {value: 'cancel', class: 'secondary', autofocus: true}, 'Cancel'),
                    h('button', {value: 'confirm', class: 'danger'}, confirm))));
        dialog.addEventListener('close', () => {
            resolve(dialog.returnValue === 'confirm');
            dialog.remove();
        });
        document.body.append(dialog);
        dialog.showModal();
    });
}

const EXACT = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'long'});
const DAY = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium'});
const RELATIVE = new Intl.RelativeTimeFormat(undefined, {numeric: 'auto'});
const UNITS = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60]];

/** A moment as "3 minutes ago", with the exact time on hover. */
export function relativeTime(iso) {
    const seconds = (Date.parse(iso) - Date.now()) / 1000;
    let text = Math.abs(seconds) < 45 ? 'just now' : null;
    for (const [unit, size] of UNITS) {
        if (!text && Math.abs(seconds) >= size) {
            text = RELATIVE.format(Math.round(seconds / size), unit);
        }
    }
    return h('time', {datetime: iso, title: EXACT.format(new Date(iso))}, text || RELATIVE.format(Math.round(seconds), 'second'));
}

/** A moment written out in full ("Dec 3, 2026, 2:40:12 PM UTC"), for times to come. */
export function moment(iso) {
    return h('time', {datetime: iso}, EXACT.format(new Date(iso)));
}

/** A day, with the exact time on hover. */
export function day(iso) {
    return h('time', {datetime: iso, title: EXACT.format(new Date(iso))}, DAY.format(new Date(iso)));
}

/** The page's heading, which takes the focus after a navigation so that screen readers announce the page. */
export function pageTitle(text) {
    return h('h1', {id: 'page-title', tabindex: -1}, text);
}
