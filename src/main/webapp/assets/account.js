// The Account page, and what a Free account sees in place of the Pro pages.

import {call} from './api.js';
import {qrSvg} from './qr.js';
import {confirmAction, copyField, day, field, formError, h, onSubmit, pageTitle} from './ui.js';

const PLAN_NAMES = {PRO: 'Pro', FREE: 'Free'};

export async function accountPage(section, {session, state}) {
    const account = await call('GET', '/account');
    const parts = [
        pageTitle('Account'),
        state.notice ? h('p', {class: 'notice', role: 'status'}, state.notice) : null,
        h('dl', {class: 'facts'},
            h('dt', {}, 'Email'), h('dd', {}, account.email),
            h('dt', {}, 'Email status'), h('dd', {},
                h('span', {class: account.emailVerified ? 'badge verified' : 'badge unverified'},
                    account.emailVerified ? 'Verified' : 'Not verified')),
            h('dt', {}, 'Display name'), h('dd', {}, account.displayName),
            h('dt', {}, 'Plan'), h('dd', {'data-plan': account.plan}, PLAN_NAMES[account.plan] || account.plan),
            h('dt', {}, 'Member since'), h('dd', {}, day(account.createdAt)),
            account.admin ? h('dt', {}, 'Role') : null, account.admin ? h('dd', {}, 'Admin of this server') : null),
        session.plan === 'PRO'
            ? h('p', {}, 'Your plan includes API keys, hosted calendars with their ICS feeds, and CalDAV sync.')
            : proUnlocks(),
        account.emailVerified ? null : verifySection(),
        account.adminPending ? adminSetupForm() : null,
        freeBusyForm(account),
        mfaSection(account),
        passwordForm(),
        emailForm(account),
        dataSection(account),
    ];
    // append() would write a null as the text "null"
    section.append(...parts.filter((part) => part !== null));
}

/**
 * Until the email is proved, invitations from accounts here reach it by mail rather than in the
 * calendar: a link mailed to it proves it, or the code printed in that mail.
 */
function verifySection() {
    const status = h('p', {class: 'status', role: 'status'});
    const resend = h('button', {type: 'button', class: 'secondary'}, 'Send a new link');
    const resendError = formError();
    resend.addEventListener('click', async () => {
        status.textContent = '';
        resendError.replaceChildren();
        try {
            await call('POST', '/account/email-verification');
            status.textContent = 'A new link is on its way to your email. It works once, for 24 hours.';
        } catch (failure) {
            resendError.replaceChildren(failure.message);
        }
    });
    const form = h('form', {class: 'card verify-form', 'aria-labelledby': 'verify-title'},
        field({label: 'Code from the mail', name: 'token', required: true, autocomplete: 'off', spellcheck: 'false',
            hint: 'The link in the mail confirms your email by itself; or paste its code here.'}),
        formError(),
        h('button', {type: 'submit'}, 'Confirm email'));
    onSubmit(form, async ({token}) => {
        await call('POST', '/email-verifications', {token: token.trim()});
        window.location.reload();
    });
    return h('section', {'aria-labelledby': 'verify-title'},
        h('h2', {id: 'verify-title'}, 'Confirm your email'),
        h('p', {}, 'Until your email is confirmed, accounts on this server invite you by mail rather than straight '
            + 'into your calendar.'),
        status, resend, resendError, form);
}

/** A listed admin proves itself with the one-time token the server wrote to its log. */
function adminSetupForm() {
    const form = h('form', {class: 'card admin-setup-form', 'aria-labelledby': 'admin-title'},
        field({label: 'Setup token', name: 'token', required: true, autocomplete: 'off', spellcheck: 'false',
            hint: 'Printed in the server log at start-up, after "ADMIN SETUP". It works once, for 24 hours.'}),
        formError(),
        h('button', {type: 'submit'}, 'Become admin'));
    onSubmit(form, async ({token}) => {
        await call('POST', '/account/admin-setup', {token: token.trim()});
        window.location.reload();
    });
    return h('section', {'aria-labelledby': 'admin-title'},
        h('h2', {id: 'admin-title'}, 'Server admin'),
        h('p', {}, 'Your email is listed as an admin of this server. This server sends no mail, so prove it is you '
            + 'with the setup token from the server log.'),
        form);
}

/** Whether other accounts here may see when this one is busy (a free-busy lookup from their calendar app). */
function freeBusyForm(account) {
    const status = h('p', {class: 'status', role: 'status'});
    const box = h('input', {type: 'checkbox', id: 'share-free-busy', name: 'shareFreeBusy', checked: account.shareFreeBusy});
    const error = formError();
    box.addEventListener('change', async () => {
        status.textContent = '';
        error.replaceChildren();
        try {
            const updated = await call('PATCH', '/account', {shareFreeBusy: box.checked});
            status.textContent = updated.shareFreeBusy
                ? 'Other accounts on this server can now see when you are busy (not what you do).'
                : 'Your busy times are private again.';
        } catch (failure) {
            box.checked = !box.checked;
            error.replaceChildren(failure.message);
        }
    });
    return h('section', {'aria-labelledby': 'free-busy-title'},
        h('h2', {id: 'free-busy-title'}, 'Free-busy'),
        h('p', {class: 'check'}, box, h('label', {for: 'share-free-busy'},
            ' Let other accounts on this server see when I am busy')),
        status, error);
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

/**
 * Two-factor sign-in: turned on from a seed shown once (scanned as a QR code, or typed or pasted
 * into an authenticator app) and confirmed with a code it made; the recovery codes are shown once then. Off with a code.
 */
function mfaSection(account) {
    const slot = h('div', {});
    const error = formError();
    const title = h('h2', {id: 'mfa-title'}, 'Two-factor sign-in');
    if (account.mfaEnabled) {
        const form = h('form', {class: 'card mfa-disable-form', 'aria-labelledby': 'mfa-title'},
            field({label: 'Code', name: 'code', required: true, autocomplete: 'one-time-code', spellcheck: 'false',
                hint: 'Six digits from your authenticator app, or a recovery code.'}),
            formError(),
            h('button', {type: 'submit', class: 'danger'}, 'Turn off two-factor sign-in'));
        onSubmit(form, async ({code}) => {
            await call('POST', '/account/mfa/disable', {code: code.trim()});
            window.location.reload();
        });
        return h('section', {'aria-labelledby': 'mfa-title'}, title,
            h('p', {}, h('span', {class: 'badge verified'}, 'On'), ' Signing in asks for a code of your authenticator app '
                + 'after the password.'), form);
    }
    const start = h('button', {type: 'button', id: 'mfa-start'}, 'Turn on two-factor sign-in');
    start.addEventListener('click', async () => {
        error.replaceChildren();
        try {
            const enrolment = await call('POST', '/account/mfa/enrolment');
            start.remove();
            slot.replaceChildren(enrolmentForm(enrolment, slot));
        } catch (failure) {
            error.replaceChildren(failure.message);
        }
    });
    return h('section', {'aria-labelledby': 'mfa-title'}, title,
        h('p', {}, 'With it, your password alone no longer signs anyone in: a code from an authenticator app on your '
            + 'phone (any TOTP app) is asked for too.'),
        start, error, slot);
}

function enrolmentForm(enrolment, slot) {
    const form = h('form', {class: 'card mfa-confirm-form', 'aria-labelledby': 'mfa-title'},
        h('p', {}, 'Scan the code with your authenticator app, or type the setup key into it (choose "enter a setup '
            + 'key", time-based). It is shown this once.'),
        qrSvg(enrolment.otpauthUri, {label: 'QR code of the two-factor setup link', pixels: 200}),
        copyField({label: 'Setup key', value: enrolment.secret, name: 'mfa-secret'}),
        copyField({label: 'Link for authenticator apps', value: enrolment.otpauthUri, name: 'mfa-uri'}),
        field({label: 'Code from the app', name: 'code', required: true, autocomplete: 'one-time-code',
            inputmode: 'numeric', spellcheck: 'false'}),
        formError(),
        h('button', {type: 'submit'}, 'Turn on'));
    onSubmit(form, async ({code}) => {
        const answer = await call('POST', '/account/mfa', {code: code.trim()});
        slot.replaceChildren(h('div', {class: 'new-key recovery-codes', role: 'region', 'aria-labelledby': 'recovery-title'},
            h('h3', {id: 'recovery-title'}, 'Two-factor sign-in is on. Your recovery codes:'),
            h('p', {class: 'warning'}, h('strong', {}, 'Save them now: they will not be shown again.'),
                ' Each signs you in once if your phone is lost.'),
            h('ul', {class: 'mono'}, answer.recoveryCodes.map((recovery) => h('li', {}, recovery))),
            h('button', {type: 'button', class: 'secondary', onclick: () => window.location.reload()}, 'I have saved them')));
    });
    return form;
}

/** A new email: proved by a link to it before it changes anything; the current one is told. */
function emailForm(account) {
    const status = h('p', {class: 'status', role: 'status'},
        account.pendingEmail ? `A link is waiting to be opened at ${account.pendingEmail}.` : '');
    const form = h('form', {class: 'card email-form', 'aria-labelledby': 'email-title'},
        field({label: 'New email', name: 'email', type: 'email', required: true, autocomplete: 'email'}),
        formError(),
        h('button', {type: 'submit'}, 'Change email'));
    onSubmit(form, async ({email}) => {
        status.textContent = '';
        const changed = await call('POST', '/account/email', {email});
        form.reset();
        status.textContent = `A link is on its way to ${changed.pendingEmail}: your email changes when it is opened.`;
    });
    return h('section', {'aria-labelledby': 'email-title'},
        h('h2', {id: 'email-title'}, 'Change email'), status, form);
}

/** Your data: all of it as a ZIP, or the account deleted with everything in it. */
function dataSection(account) {
    const error = formError();
    const remove = h('button', {type: 'button', class: 'danger', id: 'delete-account'}, 'Delete account');
    remove.addEventListener('click', async () => {
        error.replaceChildren();
        const sure = await confirmAction({
            title: 'Delete your account?',
            paragraphs: [`The account ${account.email}, its calendars, events, to-dos, invitations and API keys are `
                + 'deleted at once and for good. Every key stops working now. Download your data first if you want it.'],
            confirm: 'Delete account',
        });
        if (!sure) {
            return;
        }
        try {
            await call('DELETE', '/account');
            window.location.hash = '#/sign-in';
            window.location.reload();
        } catch (failure) {
            error.replaceChildren(failure.message);
        }
    });
    return h('section', {'aria-labelledby': 'data-title'},
        h('h2', {id: 'data-title'}, 'Your data'),
        h('p', {}, 'Every calendar as an .ics file, your account, your keys (names and prefixes) and your activity, '
            + 'as one ZIP.'),
        h('p', {}, h('a', {href: '/api/v1/account/export', download: '', id: 'export-account', class: 'button'},
            'Download my data')),
        remove, error);
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
