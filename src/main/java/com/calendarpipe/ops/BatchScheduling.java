package com.calendarpipe.ops;

import com.calendarpipe.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * On a small Linux machine, moves every thread of the server to the batch scheduling policy
 * ({@code SCHED_BATCH}) at start; threads made later inherit it.
 * <p>
 * Why: Undertow's read listener, when a connection becomes readable while the worker thread that
 * finishes the previous request holds the connection's state for a moment, retries its
 * compare-and-set in a loop without yielding ({@code HttpReadListener.handleEvent}). That worker
 * wakes the I/O thread itself, by resuming reads just before it lets go, and a thread that wakes
 * under the default policy preempts the one that woke it: on two busy cores the I/O thread then
 * spins out its time slice while the worker waits off the CPU. A batch thread never preempts on
 * waking. Measured on 2 cores (warm, a calendar of 1 000 events, wrk with 4 connections): the I/O
 * threads took more than a third of the server's CPU time, and less than a third of that in batch, where
 * GET served about 40% more requests a second, PROPFIND Depth 1 and calendar-multiget about a
 * quarter more (README "Tuning"). With more cores a woken thread finds an idle one, hence only up to
 * {@value #MAX_CORES}.
 * <p>
 * {@code chrt} (util-linux) makes the change: a process may always move its own threads to batch,
 * no privilege needed. Without it, or elsewhere than Linux, the server runs as before and says so.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BatchScheduling {

    private static final Logger LOG = Logger.getLogger(BatchScheduling.class.getName());
    static final int MAX_CORES = 4;

    @Inject
    Settings settings;

    @PostConstruct
    void start() {
        if (!wanted(settings.batchScheduling(), Runtime.getRuntime().availableProcessors())) {
            return;
        }
        if (!Files.isDirectory(Path.of("/proc/self/task"))) {
            LOG.info("Batch scheduling is a Linux policy: threads keep the system's default here");
            return;
        }
        String pid = Long.toString(ProcessHandle.current().pid());
        try {
            Process chrt = new ProcessBuilder("chrt", "--all-tasks", "--batch", "--pid", "0", pid)
                    .redirectErrorStream(true).start();
            if (!chrt.waitFor(10, TimeUnit.SECONDS)) {
                chrt.destroyForcibly();
                LOG.warning("chrt did not finish within 10 s: threads keep the default scheduling policy");
            } else if (chrt.exitValue() != 0) {
                LOG.warning("chrt refused batch scheduling (" + new String(chrt.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8).strip() + "): threads keep the default scheduling policy");
            } else {
                LOG.info("Threads moved to batch scheduling (SCHED_BATCH): on this machine of "
                        + Runtime.getRuntime().availableProcessors() + " cores they no longer preempt one another on waking "
                        + "(CALENDARPIPE_BATCH_SCHEDULING=off keeps the default)");
            }
        } catch (IOException e) {
            LOG.warning("No chrt (util-linux) to ask for batch scheduling: threads keep the default scheduling policy");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the setting asks for batch scheduling on a machine of this many cores: {@code on},
     * {@code off}, or {@code auto} (up to {@value #MAX_CORES} cores); any other value is taken as
     * {@code auto}, with a warning.
     */
    static boolean wanted(String setting, int cores) {
        return switch (setting) {
            case "on" -> true;
            case "off" -> false;
            case "auto" -> cores <= MAX_CORES;
            default -> {
                LOG.warning("CALENDARPIPE_BATCH_SCHEDULING is auto, on or off; \"" + setting + "\" is taken as auto");
                yield cores <= MAX_CORES;
            }
        };
    }
}
