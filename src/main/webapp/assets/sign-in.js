// Sign-in and sign-up: the pages a visitor sees.

import {call, signIn, signInWithCode} from './api.js';
import {field, formError, h, onSubmit, pageTitle} from './ui.js';

/** Why a single sign-on came back without a session (the callback's #/sso/failed/<reason>). */
const SSO_FAILURES = {
    expired: 'The single sign-on took longer than 10 minutes, or began in another browser: try again.',
    cancelled: 'The single sign-on was cancelled at the provider.',
    state: 'The answer from the provider did not belong to this sign-in: try again.',
    provider: 'The single sign-on provider could not be reached or refused: try again later.',
    token: 'The provider\'s answer did not check out: try again.',
    unverified: 'The provider did not vouch for your email address, so it cannot sign you in here.',
    'no-account': 'No account here has the email address the provider gave: sign up first, with that address.',
    unconfirmed: 'Confirm your email address first, from the link we sent when your account was made; then sign in '
        + 'with single sign-on.',
    throttled: 'Too many failed sign-ins from this address: try again later.',
};

/** The reason's words, for the notice the sign-in page shows after a failed single sign-on. */
export function ssoFailure(reason) {
    return SSO_FAILURES[reason] || 'The single sign-on failed: try again.';
}

export async function signInPage(section, {navigate, state}) {
    if (state.secondFactor) {
        // back from single sign-on for an account with two-factor sign-in: the code is all that is left
        section.append(pageTitle('Sign in'), codeForm(navigate));
        return;
    }
    const methods = await call('GET', '/sso').catch(() => ({enabled: false, passwordSignIn: true}));
    const sso = methods.enabled
        ? h('p', {class: 'sso'}, h('a', {class: 'button', id: 'sso-start', href: '/api/v1/sso/start'},
            `Sign in with ${methods.name}`))
        : null;
    if (!methods.passwordSignIn) {
        section.append(pageTitle('Sign in'),
            state.notice ? h('p', {class: 'notice', role: 'status'}, state.notice) : null, sso);
        return;
    }
    const form = h('form', {class: 'card', 'aria-labelledby': 'page-title'},
        state.notice ? h('p', {class: 'notice', role: 'status'}, state.notice) : null,
        field({label: 'Email', name: 'email', type: 'email', value: state.email || '', required: true, autocomplete: 'username'}),
        field({label: 'Password', name: 'password', type: 'password', required: true, autocomplete: 'current-password'}),
        formError(),
        h('button', {type: 'submit'}, 'Sign in'));
    onSubmit(form, async ({email, password}) => {
        const answer = await signIn(email, password);
        if (answer.secondFactorRequired) {
            form.replaceWith(codeForm(navigate));
            return;
        }
        navigate(null);
    });
    section.append(pageTitle('Sign in'), form, sso,
        h('p', {}, 'New here? ', h('a', {href: '#/sign-up'}, 'Create an account')));
}

/** The second step of a sign-in with two-factor sign-in on: within 5 minutes of the password. */
function codeForm(navigate) {
    const form = h('form', {class: 'card code-form', 'aria-labelledby': 'page-title'},
        h('p', {}, 'Enter the six-digit code your authenticator app shows, or one of your recovery codes.'),
        field({label: 'Code', name: 'code', required: true, autocomplete: 'one-time-code', inputmode: 'numeric',
            spellcheck: 'false'}),
        formError(),
        h('button', {type: 'submit'}, 'Verify'));
    onSubmit(form, async ({code}) => {
        await signInWithCode(code.trim());
        navigate(null);
    });
    queueMicrotask(() => form.querySelector('input').focus());
    return form;
}

export function signUpPage(section, {navigate}) {
    const form = h('form', {class: 'card', 'aria-labelledby': 'page-title'},
        field({label: 'Email', name: 'email', type: 'email', required: true, autocomplete: 'username'}),
        field({label: 'Display name', name: 'displayName', required: true, autocomplete: 'name', maxlength: 100}),
        field({label: 'Password', name: 'password', type: 'password', required: true, autocomplete: 'new-password',
            hint: '10 to 200 characters. A passphrase of a few words is easy to remember and hard to guess.'}),
        formError(),
        h('button', {type: 'submit'}, 'Create account'));
    onSubmit(form, async (values) => {
        const account = await call('POST', '/accounts', values);
        navigate('sign-in', {notice: 'Your account is ready: sign in.', email: account.email});
    });
    section.append(pageTitle('Sign up'), form,
        h('p', {}, 'Already have an account? ', h('a', {href: '#/sign-in'}, 'Sign in')));
}
