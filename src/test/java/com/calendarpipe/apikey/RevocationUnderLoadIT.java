package com.calendarpipe.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** "A revoked key is dead at once": under load, no request sent after the revoke returned gets through. */
class RevocationUnderLoadIT extends ClientIT {
    private record Sent(long atNanos, int status) {
    }

    @Test
    void everyRequestSentAfterTheRevokeReturnedIsRefused() throws Exception {
        ApiClient api = api();
        ApiClient.Session session = api.signIn(api.signUp());
        String key = api.createKey(session, "hammered");
        String keyId = api.get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(0).getString("id");

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<List<Sent>>> hammers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            hammers.add(threads.submit(() -> {
                List<Sent> sent = new ArrayList<>();
                while (!stop.get()) {
                    long at = System.nanoTime();
                    sent.add(new Sent(at, api.get("/api/v1/account", ApiClient.bearer(key)).status()));
                }
                return sent;
            }));
        }
        TimeUnit.MILLISECONDS.sleep(1500);
        assertEquals(204, api.send("DELETE", "/api/v1/api-keys/" + keyId, null, session.headers()).status());
        long revokeReturned = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(1500);
        stop.set(true);

        List<Sent> all = new ArrayList<>();
        for (Future<List<Sent>> hammer : hammers) {
            all.addAll(hammer.get(30, TimeUnit.SECONDS));
        }
        threads.shutdown();

        long okBefore = all.stream().filter(s -> s.atNanos() < revokeReturned && s.status() == 200).count();
        List<Sent> after = all.stream().filter(s -> s.atNanos() > revokeReturned).toList();
        long leaked = after.stream().filter(s -> s.status() != 401).count();
        assertTrue(okBefore > 20, "the key worked under load before the revoke: " + okBefore);
        assertTrue(after.size() > 20, "enough requests were sent after the revoke: " + after.size());
        assertEquals(0, leaked, () -> leaked + " of " + after.size() + " requests sent after the revoke were not refused: "
                + after.stream().collect(Collectors.groupingBy(Sent::status, Collectors.counting())));
    }
}
