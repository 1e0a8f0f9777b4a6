package com.calendarpipe.inbound;

import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies the stored messages: the listener's thread right after it stored one (so that what the
 * sender's 250 acknowledged is usually visible when the 250 is sent), and every five seconds
 * those left over: after a crash between the 250 and the applying, after a failed attempt (tried
 * again after 30 s, doubled each time), or stored by a node that died. The timer is not
 * persistent, so every node polls; the row lock (Intake#apply) lets one of them apply each message.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IntakeWorker {

    private static final Logger LOG = Logger.getLogger(IntakeWorker.class.getName());

    /** How long a message is left to the listener's own attempt before the poll may take it. */
    static final Duration LISTENER_LEASE = Duration.ofSeconds(10);
    private static final int BATCH = 50;

    @Inject
    Intake intake;

    /** One attempt; a failure is recorded for a later one, never thrown. */
    public void apply(String id) {
        try {
            intake.apply(id);
        } catch (RuntimeException e) {
            String reason = e.getClass().getSimpleName();
            LOG.log(Level.WARNING, "iMIP message " + id + " could not be applied; it is tried again later", e);
            try {
                intake.failed(id, reason);
            } catch (RuntimeException again) {
                LOG.log(Level.WARNING, "Could not record the failed attempt at iMIP message " + id, again);
            }
        }
    }

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    void poll() {
        try {
            for (String id : intake.due(Instant.now(), BATCH)) {
                apply(id);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not read the inbound iMIP messages; the next poll tries again", e);
        }
    }
}
