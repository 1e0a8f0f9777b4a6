package com.calendarpipe.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.Deployments;
import com.calendarpipe.testing.Reply;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs inside the server, where it can read the recorder's write count for one key while it
 * drives that key over HTTP: 500 requests in well under a minute cost at most two writes,
 * and lastUsedAt catches up with the last of them within the 60 s bound.
 */
@ExtendWith(ArquillianExtension.class)
class LastUsedIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.war().addClasses(ApiClient.class, ApiClient.TestAccount.class, ApiClient.Session.class,
                Reply.class);
    }

    @Inject
    LastUsedRecorder recorder;

    private static ApiClient api() throws Exception {
        int port = 8080 + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        return new ApiClient(new URL("http://127.0.0.1:" + port + "/"));
    }

    @Test
    void fiveHundredRequestsCostAtMostTwoWritesAndLastUsedLagsAtMostAMinute() throws Exception {
        ApiClient api = api();
        ApiClient.Session session = api.signIn(api.signUp());
        String key = api.createKey(session, "busy");
        String keyId = keyOf(api, session).getString("id");
        assertTrue(keyOf(api, session).isNull("lastUsedAt"), "null until first use");

        Instant start = Instant.now();
        Instant lastSent = start;
        for (int i = 0; i < 500; i++) {
            lastSent = Instant.now();
            assertEquals(200, api.get("/api/v1/account", ApiClient.bearer(key)).status());
        }
        Duration burst = Duration.between(start, Instant.now());
        assertTrue(burst.compareTo(Duration.ofSeconds(50)) < 0, "the burst fits in the first minute: " + burst);

        Instant firstSeen = awaitLastUsed(api, session, start, Duration.ofSeconds(5));
        assertTrue(!firstSeen.isBefore(start), "lastUsedAt is set by the burst");

        // the uses after the first write are flushed when the minute since that write is up
        Instant caughtUp = awaitLastUsed(api, session, lastSent, Duration.ofSeconds(70));
        Duration lag = Duration.between(lastSent, Instant.now());
        assertTrue(!caughtUp.isBefore(lastSent), "lastUsedAt reached the last request");
        assertTrue(lag.compareTo(Duration.ofSeconds(62)) <= 0, "lastUsedAt lagged " + lag);
        long writes = recorder.writeCount(keyId);
        assertTrue(writes >= 1 && writes <= 2, "the key's row was written " + writes + " times for 500 uses");
    }

    private static JsonObject keyOf(ApiClient api, ApiClient.Session session) {
        return api.get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(0);
    }

    /** Polls the list until the key's lastUsedAt is at or after {@code atLeast}; fails after {@code patience}. */
    private static Instant awaitLastUsed(ApiClient api, ApiClient.Session session, Instant atLeast, Duration patience)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            JsonObject key = keyOf(api, session);
            if (!key.isNull("lastUsedAt")) {
                Instant lastUsed = Instant.parse(key.getString("lastUsedAt"));
                // the column keeps microseconds; compare at that precision
                if (!lastUsed.isBefore(atLeast.truncatedTo(java.time.temporal.ChronoUnit.MICROS))) {
                    return lastUsed;
                }
            }
            assertTrue(Instant.now().isBefore(deadline), "lastUsedAt did not reach " + atLeast + " within " + patience);
            Thread.sleep(250);
        }
    }
}
