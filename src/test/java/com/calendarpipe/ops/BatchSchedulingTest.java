package com.calendarpipe.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BatchSchedulingTest {

    @Test
    void autoAsksForBatchSchedulingUpToFourCoresOnly() {
        assertTrue(BatchScheduling.wanted("auto", 1));
        assertTrue(BatchScheduling.wanted("auto", 2));
        assertTrue(BatchScheduling.wanted("auto", 4));
        assertFalse(BatchScheduling.wanted("auto", 5));
        assertFalse(BatchScheduling.wanted("auto", 64));
    }

    @Test
    void onAndOffDecideWhateverTheCores() {
        assertTrue(BatchScheduling.wanted("on", 64));
        assertFalse(BatchScheduling.wanted("off", 2));
    }

    @Test
    void anUnknownValueIsTakenAsAuto() {
        assertTrue(BatchScheduling.wanted("yes please", 2));
        assertFalse(BatchScheduling.wanted("yes please", 8));
        assertFalse(BatchScheduling.wanted("", 8));
    }
}
