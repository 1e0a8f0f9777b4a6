package com.calendarpipe.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.Hammer;
import com.calendarpipe.testing.LocalCluster;
import com.calendarpipe.testing.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * A revoke made while one node is cut off (cluster.sh cut: its JGroups traffic dropped, HTTP and
 * PostgreSQL still reachable), checked from the nodes hammered with the key: the scenario of
 * ClusterIT and ClusterOfThreeIT.
 */
final class Partitions {

    /** A key revoked through one node while another is cut off; the statuses every attempt got. */
    record Outcome(Hammer.Result hammered, List<Integer> attempts, Map<Integer, Integer> sessionStatuses) {
    }

    private Partitions() {
    }

    /**
     * Hammers {@code hammered} with requests using the key, cuts node {@code cut} off, revokes the
     * key ({@code keyId}) through {@code via} with another key of the account until the revoke is
     * 204, and heals. Skips the test where the kernel refuses the rule. Meanwhile the session is
     * used through every node in {@code sessionVia}, whose answers are counted by status.
     */
    static Outcome revokeWhileCut(LocalCluster cluster, int cut, ApiClient via, String keyId, String revoker,
                                  ApiClient.Session session, List<ApiClient> sessionVia,
                                  IntSupplier... hammered) throws Exception {
        List<Integer> attempts = new ArrayList<>();
        Map<Integer, Integer> sessionStatuses = new ConcurrentHashMap<>();
        Hammer.Result result;
        try {
            result = Hammer.during(() -> {
                assumeTrue(cluster.cut(cut), "this machine cannot drop loopback packets with iptables (not root, no"
                        + " iptables, or a kernel that refuses the rule): see target/cluster-" + LocalCluster.PORT + ".log");
                AtomicBoolean stop = new AtomicBoolean();
                Thread console = sessionUse(session, sessionVia, sessionStatuses, stop);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                try {
                    while (true) {
                        Reply revoke = via.send("DELETE", "/api/v1/api-keys/" + keyId, null, ApiClient.bearer(revoker));
                        attempts.add(revoke.status());
                        if (revoke.status() == 204) {
                            return;
                        }
                        assertEquals(503, revoke.status(), () -> "a revoke during the partition: " + revoke);
                        assertTrue(revoke.body().contains("nothing was changed"), revoke::toString);
                        if (System.nanoTime() > deadline) {
                            fail("the revoke never went through during the partition: " + attempts);
                        }
                    }
                } finally {
                    // the request in flight (maybe waiting for a session lock) is answered and counted
                    stop.set(true);
                    join(console);
                }
            }, hammered);
        } finally {
            cluster.heal();
        }
        // for the record of a run: what a client saw while the nodes could not hear each other
        System.out.println("Partition of node " + cut + ": revoke attempts " + attempts + ", console requests by status "
                + sessionStatuses + ", " + result.sent().size() + " requests hammered");
        return new Outcome(result, attempts, sessionStatuses);
    }

    /** Uses the console session through each node in turn until stopped, counting the statuses (0: no answer). */
    private static Thread sessionUse(ApiClient.Session session, List<ApiClient> nodes, Map<Integer, Integer> statuses,
                                     AtomicBoolean stop) {
        Thread thread = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                try {
                    int status = nodes.get(i % nodes.size()).get("/api/v1/api-keys", session.headers()).status();
                    statuses.merge(status, 1, Integer::sum);
                } catch (RuntimeException e) {
                    statuses.merge(0, 1, Integer::sum);
                }
            }
        }, "console-during-partition");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(45));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every revoke attempt was 204 or 503 (checked as they came), the last 204; the console never saw a 500. */
    static void assertAnsweredOnPurpose(Outcome outcome) {
        assertEquals(204, outcome.attempts().get(outcome.attempts().size() - 1), outcome.attempts()::toString);
        assertTrue(Set.of(200, 503).containsAll(outcome.sessionStatuses().keySet()),
                () -> "the console's requests during the partition, by status: " + outcome.sessionStatuses());
    }
}
