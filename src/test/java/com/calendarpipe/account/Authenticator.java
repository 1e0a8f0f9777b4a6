package com.calendarpipe.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ApiClient.Session;
import com.calendarpipe.testing.ApiClient.TestAccount;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonString;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What an authenticator app and a person do for the tests: enrol from the seed shown, sign in with its codes. */
public final class Authenticator {

    private Authenticator() {
    }

    /** The code an authenticator app shows now for the seed, or {@code steps} of 30 s later. */
    public static String code(String secret, long steps) {
        return Totp.code(secret, Totp.step(System.currentTimeMillis() / 1000) + steps);
    }

    /** An account with two-factor sign-in on: its seed, the step whose code enrolment used, its recovery codes. */
    record Enrolled(TestAccount account, String secret, long usedStep, List<String> recoveryCodes) {
    }

    /** A new account with two-factor sign-in on, enrolled with the code of the current step. */
    static Enrolled enrol(ApiClient api) {
        TestAccount person = api.signUp();
        Session session = api.signIn(person);
        String secret = api.send("POST", "/api/v1/account/mfa/enrolment", null, session.headers()).data().getString("secret");
        long step = Totp.step(System.currentTimeMillis() / 1000);
        Reply confirmed = api.send("POST", "/api/v1/account/mfa", "{\"code\":\"" + Totp.code(secret, step) + "\"}",
                session.headers());
        assertEquals(200, confirmed.status(), confirmed::toString);
        List<String> codes = confirmed.data().getJsonArray("recoveryCodes").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        return new Enrolled(person, secret, step, codes);
    }

    static Session signInWithCode(ApiClient api, Enrolled enrolled, long step) {
        Reply reply = secondFactor(api, cookie(api.signInReply(enrolled.account())), Totp.code(enrolled.secret(), step));
        assertEquals(200, reply.status(), reply::toString);
        return new Session(cookie(reply), reply.data().getString("csrfToken"));
    }

    static Reply secondFactor(ApiClient api, String cookie, String code) {
        String body = "{\"code\":\"" + code + "\"}";
        return cookie == null ? api.send("POST", "/api/v1/session/second-factor", body)
                : api.send("POST", "/api/v1/session/second-factor", body, "Cookie", cookie);
    }

    static String cookie(Reply reply) {
        return reply.header("Set-Cookie").split(";", 2)[0];
    }

    /** Six digits that are the code of none of the steps around now. */
    static String wrongCode(String secret) {
        long now = Totp.step(System.currentTimeMillis() / 1000);
        Set<String> near = new HashSet<>();
        for (long step = now - 3; step <= now + 3; step++) {
            near.add(Totp.code(secret, step));
        }
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!near.contains(code)) {
                return code;
            }
        }
    }

}
