package com.calendarpipe.calendar;

import com.calendarpipe.Refused;

/**
 * A write whose UID another object of the calendar already has (RFC 4791 §5.3.2.1
 * no-uid-conflict). Carries that object's name, for the DAV error's href; REST answers 409.
 */
public class UidConflict extends Refused {

    private final String existingName;

    public UidConflict(String existingName) {
        super(Kind.CONFLICT, "Another event of this calendar has the same UID");
        this.existingName = existingName;
    }

    public String existingName() {
        return existingName;
    }
}
