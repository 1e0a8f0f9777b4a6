package com.calendarpipe.calendar;

import jakarta.ejb.ApplicationException;

/**
 * A write whose UID another object of the calendar already has (RFC 4791 §5.3.2.1
 * no-uid-conflict). Carries that object's name, for the DAV error's href; REST answers 409.
 */
@ApplicationException(rollback = true)
public class UidConflict extends RuntimeException {

    private final String existingName;

    public UidConflict(String existingName) {
        super("Another event of this calendar has the same UID", null, false, false);
        this.existingName = existingName;
    }

    public String existingName() {
        return existingName;
    }
}
