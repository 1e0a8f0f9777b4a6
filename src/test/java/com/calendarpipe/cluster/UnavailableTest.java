package com.calendarpipe.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.Refused;
import org.infinispan.commons.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failures are a divided cluster's "try again" (503) and which stay unexpected (500). */
class UnavailableTest {

    /** As a session manager would wrap it. */
    static final class LockTimeout extends TimeoutException {
        LockTimeout() {
            super("ISPN000299: Unable to acquire lock after 15 seconds for key SessionCreationMetaDataKey(x)");
        }
    }

    @Test
    void aClusterTimeoutAnywhereInTheChainIsUnavailableWithOurOwnMessage() {
        Refused refused = Unavailable.refusal(new IllegalStateException(new RuntimeException(new LockTimeout())))
                .orElseThrow();
        assertEquals(Refused.Kind.UNAVAILABLE, refused.kind());
        assertEquals(Unavailable.MESSAGE, refused.getMessage());
        assertFalse(refused.getMessage().contains("ISPN"), "nothing of the cluster's own text reaches a client");
        assertTrue(Unavailable.refusal(new TimeoutException("remote call")).isPresent());
    }

    @Test
    void otherFailuresAndOtherTimeoutsAreNot() {
        assertTrue(Unavailable.refusal(new IllegalStateException("bug")).isEmpty());
        assertTrue(Unavailable.refusal(new RuntimeException(new java.util.concurrent.TimeoutException())).isEmpty());
        assertTrue(Unavailable.refusal(new NullPointerException()).isEmpty());
    }
}
