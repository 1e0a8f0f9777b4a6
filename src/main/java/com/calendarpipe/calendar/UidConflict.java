package com.calendarpipe.calendar;

import com.calendarpipe.Refused;

/**
 * A write whose UID another object of the calendar already has, or that would give an object
 * another UID (RFC 4791 §5.3.2.1 no-uid-conflict). Carries the name of the object whose UID it
 * is, for the DAV error's href; REST answers 409.
 */
public class UidConflict extends Refused {

    private final String existingName;

    public UidConflict(String existingName) {
        this(existingName, "Another event of this calendar has the same UID");
    }

    private UidConflict(String existingName, String message) {
        super(Kind.CONFLICT, message);
        this.existingName = existingName;
    }

    /** A write over the object {@code name} with another UID than its own. */
    static UidConflict changed(String name) {
        return new UidConflict(name, "An object keeps its UID: an object of another UID goes under another name");
    }

    public String existingName() {
        return existingName;
    }
}
