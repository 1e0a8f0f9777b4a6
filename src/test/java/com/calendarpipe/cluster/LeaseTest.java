package com.calendarpipe.cluster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The lease's own rules, without a cluster: what it refuses at start, when it holds, what a renewal does. */
class LeaseTest {

    private static FailureDetection detection(long timeout, long interval, long verify) {
        return new FailureDetection(Duration.ofMillis(timeout), Duration.ofMillis(interval), Duration.ofMillis(verify));
    }

    @Test
    void aLeaseThatFailureDetectionCouldOutrunIsRefused() {
        FailureDetection shipped = detection(15_000, 3_000, 7_000);
        assertEquals(Duration.ofSeconds(7), shipped.shortestRemoval(), "a closed socket's suspicion needs only the verification");
        assertDoesNotThrow(() -> Lease.checkAgainst(shipped, Duration.ofSeconds(5)));
        assertDoesNotThrow(() -> Lease.checkAgainst(shipped, Duration.ofSeconds(6)));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Lease.checkAgainst(shipped, Duration.ofMillis(6_001)));
        assertTrue(refused.getMessage().contains("CALENDARPIPE_CLUSTER_LEASE"), refused::getMessage);
        assertThrows(IllegalStateException.class, () -> Lease.checkAgainst(shipped, Duration.ofSeconds(30)));
        // heartbeats so coarse that a silent member is dropped sooner than the verification alone
        assertEquals(Duration.ofSeconds(2), detection(4_000, 2_500, 3_000).shortestRemoval());
        assertThrows(IllegalStateException.class, () -> Lease.checkAgainst(detection(1_000, 1_000, 1_000), Duration.ofMillis(500)));
    }

    @Test
    void heldOnlyUntilItsEndAndRenewedAfterAGapWithAnEmptyMemory() throws InterruptedException {
        Lease lease = new Lease();
        AtomicInteger forgotten = new AtomicInteger();
        lease.onRenewal(forgotten::incrementAndGet);
        assertFalse(lease.holds(), "a clustered node starts without a lease");

        lease.renew(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        assertTrue(lease.holds());
        assertEquals(1, forgotten.get(), "taken up: whatever was kept before is forgotten first");
        lease.renew(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        assertEquals(1, forgotten.get(), "renewed while held: nothing to forget");

        lease.lapse();
        assertFalse(lease.holds(), "a change of the view ends it at once");
        lease.renew(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));
        assertEquals(2, forgotten.get());
        TimeUnit.MILLISECONDS.sleep(80);
        assertFalse(lease.holds(), "a lease nobody renewed runs out");
    }
}
