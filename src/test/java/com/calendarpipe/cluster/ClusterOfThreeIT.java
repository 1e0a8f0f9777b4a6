package com.calendarpipe.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.LocalCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three nodes (cluster.sh up 3), one of them cut off from the other two: the two keep each other's
 * company, the lone one is alone, and no node holds the key cache's lease (it needs all three in
 * its view), so both sides answer keys from the database. A revoke sent to the lone node is 503
 * until it has dropped the other two from its view, then goes through, and no node accepts the key
 * from then on.
 */
class ClusterOfThreeIT {

    private static final List<String> ALL = List.of("node-1", "node-2", "node-3");
    private static LocalCluster cluster;
    private static ApiClient node1;
    private static ApiClient node2;
    private static ApiClient node3;

    @BeforeAll
    static void up() {
        cluster = LocalCluster.up(3);
        node1 = new ApiClient(cluster.node(1));
        node2 = new ApiClient(cluster.node(2));
        node3 = new ApiClient(cluster.node(3));
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aRevokeSentToTheLoneNodeIsRefusedUntilItCanBeImmediateEverywhere() throws Exception {
        for (int n = 1; n <= 3; n++) {
            cluster.awaitMembers(n, ALL);
        }
        ApiClient.TestAccount account = node1.signUp();
        ApiClient.Session session = node1.signIn(account);
        String key = node1.createKey(session, "hammered");
        String revoker = node1.createKey(session, "revoker");
        String keyId = ClusterIT.keyId(node1, session, "hammered");

        Partitions.Outcome outcome = Partitions.revokeWhileCut(cluster, 3, node3, keyId, revoker, session,
                List.of(node1, node3),
                () -> node1.get("/api/v1/account", ApiClient.bearer(key)).status(),
                () -> node2.get("/api/v1/account", ApiClient.bearer(key)).status(),
                () -> node3.get("/api/v1/account", ApiClient.bearer(key)).status());
        outcome.hammered().assertChanged(200, 401);
        Partitions.assertAnsweredOnPurpose(outcome);

        for (int n = 1; n <= 3; n++) {
            cluster.awaitMembers(n, ALL, Duration.ofSeconds(30));
        }
        for (ApiClient node : List.of(node1, node2, node3)) {
            assertEquals(401, node.get("/api/v1/account", ApiClient.bearer(key)).status());
            assertEquals(200, node.get("/api/v1/account", ApiClient.bearer(revoker)).status());
        }
    }
}
