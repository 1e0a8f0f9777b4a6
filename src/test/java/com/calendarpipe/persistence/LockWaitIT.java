package com.calendarpipe.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.Deployments;
import com.calendarpipe.testing.Reply;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A write that finds its row locked by a transaction that does not move (another node stalled
 * in the middle of a write) waits for the connection's lock timeout, then is answered 503 with
 * nothing changed, instead of hanging for as long as the other transaction stands still; the
 * same request goes through once the lock is free.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LockWaitIT {

    /** Longer than the lock timeout (jdbc.UrlRoutingDriver, 10 s), so the wait can only end by it. */
    private static final long HELD_MILLIS = 20_000;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.war().addClasses(RowLockProbe.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void aRevokeThatWaitsTooLongForAStalledWriterIsRefusedWithNothingChanged() throws Exception {
        ApiClient api = new ApiClient(base);
        ApiClient.Session session = api.signIn(api.signUp());
        String key = api.createKey(session, "locked");
        String keyId = api.get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(0).getString("id");

        String[] prober = ApiClient.bearer(api.newKey());   // another account's key: its uses write another row

        long held = System.nanoTime();
        Reply locked = api.send("POST", "/api/v1/test-only/row-locks/api-keys/" + keyId + "?millis=" + HELD_MILLIS, "", prober);
        assertEquals(204, locked.status(), locked::toString);
        Reply refused = api.send("DELETE", "/api/v1/api-keys/" + keyId, null, session.headers());
        Duration waited = Duration.ofNanos(System.nanoTime() - held);
        assertEquals(503, refused.status(), refused::toString);
        assertTrue(refused.body().contains("nothing was changed"), refused::toString);
        assertFalse(refused.body().contains("SQL") || refused.body().contains("Exception"), refused::toString);
        assertTrue(waited.toMillis() < HELD_MILLIS, "answered before the stalled writer let go: " + waited);
        assertEquals(200, api.get("/api/v1/account", ApiClient.bearer(key)).status(), "nothing was revoked");

        Thread.sleep(Math.max(0, HELD_MILLIS - Duration.ofNanos(System.nanoTime() - held).toMillis()) + 500);
        assertEquals(204, api.send("DELETE", "/api/v1/api-keys/" + keyId, null, session.headers()).status(),
                "once the lock is free, the same revoke goes through");
        assertEquals(401, api.get("/api/v1/account", ApiClient.bearer(key)).status());
    }
}
