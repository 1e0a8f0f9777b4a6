package com.calendarpipe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * Requests sent in a loop on several threads while a change is made, each with the moment it was
 * sent: the test of "at once" for revokes and plan changes. Whatever the loops send after the
 * change's call returned must get the new answer.
 */
public final class Hammer {

    public record Sent(long atNanos, int status) {
    }

    /** What was sent, and when the change's call returned. */
    public record Result(List<Sent> sent, long changeReturnedNanos) {

        /**
         * Asserts that the requests worked ({@code before}) under load before the change, and that
         * every one sent after the change returned was answered {@code after}.
         */
        public void assertChanged(int before, int after) {
            assertChangedFrom(Set.of(before), after);
        }

        /** As {@link #assertChanged}, for requests of several kinds that work with different statuses. */
        public void assertChangedFrom(Set<Integer> before, int after) {
            long okBefore = sent.stream().filter(s -> s.atNanos() < changeReturnedNanos && before.contains(s.status())).count();
            List<Sent> later = sent.stream().filter(s -> s.atNanos() > changeReturnedNanos).toList();
            long leaked = later.stream().filter(s -> s.status() != after).count();
            assertTrue(okBefore > 20, "the requests worked under load before the change: " + okBefore);
            assertTrue(later.size() > 20, "enough requests were sent after the change: " + later.size());
            assertEquals(0, leaked, () -> leaked + " of " + later.size() + " requests sent after the change returned were not "
                    + after + ": " + later.stream().collect(Collectors.groupingBy(Sent::status, Collectors.counting())));
        }
    }

    private Hammer() {
    }

    /**
     * Sends each of {@code requests} in a loop on its own two threads for 1.5 s, makes the change,
     * and goes on for 1.5 s more.
     */
    public static Result during(Runnable change, IntSupplier... requests) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(2 * requests.length);
        try {
            List<Future<List<Sent>>> loops = new ArrayList<>();
            for (IntSupplier request : requests) {
                for (int i = 0; i < 2; i++) {
                    loops.add(threads.submit(() -> {
                        List<Sent> sent = new ArrayList<>();
                        while (!stop.get()) {
                            long at = System.nanoTime();
                            sent.add(new Sent(at, request.getAsInt()));
                        }
                        return sent;
                    }));
                }
            }
            TimeUnit.MILLISECONDS.sleep(1500);
            change.run();
            long returned = System.nanoTime();
            TimeUnit.MILLISECONDS.sleep(1500);
            stop.set(true);
            List<Sent> all = new ArrayList<>();
            for (Future<List<Sent>> loop : loops) {
                all.addAll(loop.get(60, TimeUnit.SECONDS));
            }
            return new Result(all, returned);
        } finally {
            stop.set(true);
            threads.shutdownNow();
        }
    }
}
