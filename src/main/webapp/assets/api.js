// The REST API as the console uses it. The session cookie (HttpOnly) goes along by itself;
// state changes echo the session's CSRF token, which lives only in this module's memory:
// never in storage, where it would outlive the tab or be readable by other pages.

let session = null;
/** Asks the person to confirm it is them (sudo mode); resolves to whether they did. Set by the app. */
let sudoPrompt = null;

/** What the console does when the server wants a fresh confirmation (a 403 with a `sudo` detail). */
export function onSudoNeeded(prompt) {
    sudoPrompt = prompt;
}

/** A refused or failed call: the error envelope {error, message, details} and the status. */
export class ApiFailure extends Error {
    constructor(status, body) {
        super(body && body.message ? body.message : `The server answered ${status}.`);
        this.status = status;
        this.details = body && Array.isArray(body.details) ? body.details : [];
    }
}

/** The signed-in account with its csrfToken, or null. */
export function currentSession() {
    return session;
}

/** Calls /api/v1{path}; resolves to the reply's `data` (null for 204), rejects with an ApiFailure. */
export async function call(method, path, body, {whole = false, confirmed = false} = {}) {
    const headers = {Accept: 'application/json'};
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    if (method !== 'GET' && session) {
        headers['X-CSRF-Token'] = session.csrfToken;
    }
    let response;
    try {
        response = await fetch('/api/v1' + path, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            credentials: 'same-origin',
            cache: 'no-store',
        });
    } catch (unreachable) {
        throw new ApiFailure(0, {message: 'Could not reach the server. Check the connection and try again.'});
    }
    if (response.status === 204) {
        return null;
    }
    const json = await response.json().catch(() => null);
    if (response.ok) {
        return whole ? json : json.data;
    }
    const failure = new ApiFailure(response.status, json);
    if (session && response.status === 403 && !confirmed && sudoPrompt
        && failure.details.some((detail) => detail.field === 'sudo')) {
        // asked in place: once confirmed, the same request again
        if (await sudoPrompt()) {
            return call(method, path, body, {whole, confirmed: true});
        }
    }
    if (session && response.status === 401) {
        // the session expired or was ended elsewhere: the console goes back to sign-in
        session = null;
        window.dispatchEvent(new CustomEvent('console:signed-out', {detail: {expired: true}}));
    } else if (session && response.status === 402) {
        // the account was moved to Free while signed in: the Pro pages show what Pro unlocks
        session = {...session, plan: 'FREE'};
        window.dispatchEvent(new CustomEvent('console:plan-changed'));
    }
    throw failure;
}

/** Reads the current session back after a reload; null when not signed in. */
export async function loadSession() {
    try {
        session = await call('GET', '/session');
    } catch (failure) {
        if (failure.status !== 401) {
            throw failure;
        }
        session = null;
    }
    return session;
}

/**
 * The password step; resolves to the session, or to {secondFactorRequired: true} for an account
 * with two-factor sign-in, which then signs in with {@link signInWithCode}.
 */
export async function signIn(email, password) {
    const answer = await call('POST', '/session', {email, password});
    if (answer.secondFactorRequired) {
        return answer;
    }
    session = answer;
    return session;
}

/** The second step: a code of the authenticator app, or a recovery code. */
export async function signInWithCode(code) {
    session = await call('POST', '/session/second-factor', {code});
    return session;
}

export async function signOut() {
    try {
        await call('DELETE', '/session');
    } finally {
        session = null;
    }
}
