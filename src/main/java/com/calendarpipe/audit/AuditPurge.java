package com.calendarpipe.audit;

import com.calendarpipe.Settings;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes audit events older than the retention ({@code CALENDARPIPE_AUDIT_RETENTION_DAYS}, a
 * year by default), hourly. The timer is not persistent, so every node of a cluster runs its
 * own: that is harmless, since deleting the rows older than a cutoff is idempotent (two nodes
 * deleting at once delete each row once, and the later finds nothing).
 */
@Singleton
public class AuditPurge {

    private static final Logger LOG = Logger.getLogger(AuditPurge.class.getName());

    @Inject
    AuditTrail trail;

    @Inject
    Settings settings;

    @Schedule(hour = "*", minute = "17", persistent = false)
    void purge() {
        try {
            int deleted = trail.purge(Instant.now().minus(Duration.ofDays(settings.auditRetentionDays())));
            if (deleted > 0) {
                LOG.info("Purged " + deleted + " audit events older than " + settings.auditRetentionDays() + " days");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not purge old audit events; the next hour tries again", e);
        }
    }
}
