package com.calendarpipe.persistence;

import com.calendarpipe.Refused;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * A write the database stopped waiting for: a deadlock it broke (SQLSTATE 40001 on H2, 40P01 on
 * PostgreSQL) or a lock it waited for longer than the connection's lock timeout (HYT00 on H2,
 * 55P03 on PostgreSQL; the timeout is set on every connection by {@code jdbc.UrlRoutingDriver}).
 * The transaction is rolled back, nothing was written, and the same request may succeed when
 * sent again, so every channel answers it as {@link Refused.Kind#UNAVAILABLE} (503), never 500.
 */
public final class LockWaits {

    private static final Set<String> WAITED_IN_VAIN = Set.of("40001", "40P01", "HYT00", "55P03");

    /** What a channel says when the write that waited was not the calendar lock's. */
    public static final String MESSAGE = "Another change is writing the same data; nothing was changed. Try again.";

    private LockWaits() {
    }

    /**
     * The refusal to answer when {@code failure} is the database giving up a lock wait. Each
     * JPA provider and the EJB container wrap the database's error their own way, so the cause
     * chain is searched for it.
     */
    public static Optional<Refused> refusal(Throwable failure, String message) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && WAITED_IN_VAIN.contains(sql.getSQLState())) {
                return Optional.of(new Refused(Refused.Kind.UNAVAILABLE, message));
            }
        }
        return Optional.empty();
    }
}
