// Sign-in and sign-up: the pages a visitor sees.

import {call, signIn, signInWithCode} from './api.js';
import {field, formError, h, onSubmit, pageTitle} from './ui.js';

export function signInPage(section, {navigate, state}) {
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
    section.append(pageTitle('Sign in'), form,
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
