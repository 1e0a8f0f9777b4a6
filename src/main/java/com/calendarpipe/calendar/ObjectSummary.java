package com.calendarpipe.calendar;

import java.time.Instant;

/**
 * What a listing of a calendar's objects shows of each (its name and the properties a PROPFIND
 * reports), without the iCalendar text: read by one projection query, so that listing a
 * calendar of thousands of objects neither reads their texts nor makes an entity of each. The
 * ETag is quoted, as {@link CalendarObject#getEtag()} gives it and DAV shows it.
 */
public record ObjectSummary(String name, String etag, String component, int sizeBytes, Instant updatedAt) {

    /** Name and ETag alone, for a listing that shows nothing else (then the other fields are unknown). */
    public ObjectSummary(String name, String etag) {
        this(name, etag, null, 0, null);
    }
}
