package com.calendarpipe.persistence;

import java.sql.SQLException;

/**
 * What a failed persistence call was caused by: providers wrap the database's error, and
 * wrap their own (optimistic lock) in transaction exceptions, each in its own way.
 */
public final class Failures {

    private Failures() {
    }

    /** The first SQLException in the cause chain, or null. */
    public static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    public static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
