// The console's shell: the pages by their #/name, the sidebar, and who is signed in.
// Hash routes keep it plain static files: every page is index.html, and a reload stays on it.

import {accountPage} from './account.js';
import {activityPage} from './activity.js';
import {call, currentSession, loadSession, onSudoNeeded, signOut} from './api.js';
import {caldavPage} from './caldav.js';
import {calendarsPage} from './calendars.js';
import {keysPage} from './keys.js';
import {signInPage, signUpPage, ssoFailure} from './sign-in.js';
import {confirmAction, field, h} from './ui.js';

const PAGES = {
    'sign-in': {title: 'Sign in', render: signInPage, visitor: true},
    'sign-up': {title: 'Sign up', render: signUpPage, visitor: true},
    calendars: {title: 'Calendars', render: calendarsPage, pro: true},
    api: {title: 'API', render: keysPage, pro: true},
    caldav: {title: 'CalDAV setup', render: caldavPage, pro: true},
    activity: {title: 'Activity', render: activityPage},
    account: {title: 'Account', render: accountPage},
};

const main = document.getElementById('main');
// what one page hands the next (a notice, an email to fill in); read once by the next page shown
let handOver = {};

/** Shows a page (null: the signed-in home, or sign-in), with what it should know. */
function navigate(name, state = {}) {
    handOver = state;
    const target = `#/${name || home()}`;
    if (window.location.hash === target) {
        show();
    } else {
        window.location.hash = target; // hashchange shows it
    }
}

function home() {
    const session = currentSession();
    if (!session) {
        return 'sign-in';
    }
    return session.plan === 'PRO' ? 'calendars' : 'account';
}

async function show() {
    const session = currentSession();
    let name = window.location.hash.replace(/^#\//, '');
    if (!PAGES[name] || Boolean(PAGES[name].visitor) === Boolean(session)) {
        name = home();
        window.history.replaceState(null, '', `#/${name}`);
    }
    const page = PAGES[name];
    const state = handOver;
    handOver = {};
    document.title = `${page.title} · CalendarPipe`;
    renderSidebar(name, session);
    // a fresh section per visit: whatever the last page showed (a new key above all) is gone with it
    const section = h('section', {class: `page page-${name}`, 'aria-labelledby': 'page-title'});
    main.replaceChildren(section);
    try {
        await page.render(section, {session, navigate, state});
    } catch (failure) {
        if (section.isConnected) {
            section.append(h('p', {class: 'form-error', role: 'alert'}, failure.message));
        }
    }
    if (section.isConnected && document.activeElement === document.body) {
        section.querySelector('#page-title').focus();
    }
}

function renderSidebar(current, session) {
    const link = (name, ...extra) => h('li', {},
        h('a', {href: `#/${name}`, 'aria-current': name === current ? 'page' : null}, PAGES[name].title, ...extra));
    const proBadge = (name) => (PAGES[name].pro && session.plan !== 'PRO'
        ? h('span', {class: 'badge'}, 'Pro') : null);
    const nav = document.getElementById('nav');
    const who = document.getElementById('who');
    if (!session) {
        nav.replaceChildren(link('sign-in'), link('sign-up'));
        who.replaceChildren();
        return;
    }
    nav.replaceChildren(...['calendars', 'api', 'caldav', 'activity', 'account'].map((name) => link(name, proBadge(name))));
    who.replaceChildren(
        h('p', {class: 'signed-in-as'}, 'Signed in as ', h('span', {class: 'email'}, session.email)),
        h('button', {type: 'button', class: 'secondary sign-out', onclick: async () => {
            try {
                await signOut();
            } finally {
                navigate('sign-in', {notice: 'You are signed out.'});
            }
        }}, 'Sign out'));
}

window.addEventListener('hashchange', () => {
    // only #/page hashes are routes; the skip link's #main is not
    if (window.location.hash.startsWith('#/')) {
        show();
    }
});
window.addEventListener('console:signed-out', () => navigate('sign-in', {notice: 'Your session has ended: sign in again.'}));
window.addEventListener('console:plan-changed', () => show());
document.getElementById('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
});

/**
 * Back from single sign-on without a session: the callback's #/sso/second-factor (the account's
 * code is still to come) or #/sso/failed/<reason>, handed to the sign-in page.
 */
function fromSingleSignOn() {
    const match = window.location.hash.match(/^#\/sso\/(second-factor|failed\/([a-z-]{1,40}))$/);
    if (!match) {
        return;
    }
    window.history.replaceState(null, '', '#/sign-in');
    handOver = match[1] === 'second-factor' ? {secondFactor: true} : {notice: ssoFailure(match[2])};
}

/**
 * A mailed link (#verify-email=<token>, or an email change's #change-email=<token>; a fragment, so
 * the token never reaches a server log): the token is sent once, the fragment dropped, and the
 * next page says how it went.
 */
async function verifyFromLink() {
    fromSingleSignOn();
    const match = window.location.hash.match(/^#(verify-email|change-email)=([A-Za-z0-9_-]{1,200})$/);
    if (!match) {
        return;
    }
    window.history.replaceState(null, '', '#/');
    const change = match[1] === 'change-email';
    try {
        const account = await call('POST', change ? '/email-changes' : '/email-verifications', {token: match[2]});
        handOver = {notice: change ? `Your email is now ${account.email}.` : 'Your email is confirmed.'};
    } catch (failure) {
        handOver = {notice: `Your email could not be confirmed: ${failure.message}`};
    }
}

/**
 * Sudo mode: what would hand the account over (a new key, a new password or email, two-factor
 * sign-in, deleting the account) asks for the password, or a two-factor code, once in 10 minutes.
 * With single sign-on, signing in again at the provider confirms too (a new session: the page
 * reloads); with password sign-in off, the password is not offered.
 */
onSudoNeeded(async () => {
    const methods = await call('GET', '/sso').catch(() => ({enabled: false, passwordSignIn: true}));
    const password = methods.passwordSignIn
        ? field({label: 'Password', name: 'password', type: 'password', autocomplete: 'current-password'})
        : null;
    const code = field({label: password ? 'Or a two-factor code' : 'A two-factor code', name: 'code',
        autocomplete: 'one-time-code', inputmode: 'numeric',
        hint: 'If two-factor sign-in is on: the six digits of your app, or a recovery code.'});
    const again = methods.enabled
        ? h('p', {}, h('a', {href: '/api/v1/sso/start?reauthenticate=true', id: 'sso-reauthenticate'},
            `Or sign in again with ${methods.name}`), ' (the page starts afresh).')
        : null;
    const confirmed = await confirmAction({
        title: 'Confirm it is you',
        paragraphs: [`This changes who can act for your account. Enter your ${password ? 'password' : 'code'} to go on; `
            + 'you will not be asked again for 10 minutes.'],
        confirm: 'Confirm',
        fields: [password, code, again].filter(Boolean),
    });
    if (!confirmed) {
        return false;
    }
    const typedPassword = password ? password.querySelector('input').value : '';
    const typedCode = code.querySelector('input').value.trim();
    try {
        await call('POST', '/session/sudo', typedPassword ? {password: typedPassword} : {code: typedCode});
        return true;
    } catch (wrong) {
        return false;
    }
});

verifyFromLink().then(loadSession).then(() => {
    const notice = handOver;
    if (notice.notice) {
        navigate(currentSession() ? 'account' : 'sign-in', notice);
    } else {
        show();
    }
}, () => {
    main.replaceChildren(h('p', {class: 'form-error', role: 'alert'}, 'The server did not answer. Reload the page to try again.'));
});
