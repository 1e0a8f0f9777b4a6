// Sign-in and sign-up: the pages a visitor sees.

import {call, signIn} from './api.js';
import {field, formError, h, onSubmit, pageTitle} from './ui.js';

export function signInPage(section, {navigate, state}) {
    const form = h('form', {class: 'card', 'aria-labelledby': 'page-title'},
        state.notice ? h('p', {class: 'notice', role: 'status'}, state.notice) : null,
        field({label: 'Email', name: 'email', type: 'email', value: state.email || '', required: true, autocomplete: 'username'}),
        field({label: 'Password', name: 'password', type: 'password', required: true, autocomplete: 'current-password'}),
        formError(),
        h('button', {type: 'submit'}, 'Sign in'));
    onSubmit(form, async ({email, password}) => {
        await signIn(email, password);
        navigate(null);
    });
    section.append(pageTitle('Sign in'), form,
        h('p', {}, 'New here? ', h('a', {href: '#/sign-up'}, 'Create an account')));
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
