package com.calendarpipe.calendar;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * A property a client set on a calendar that is none of its fields, kept as the client set it
 * (CalDAV's dead properties, RFC 4918 §4: Apple's {@code calendar-order}, any namespace), or the
 * form in which a client sent one of its fields (a color with its alpha). The store keeps the
 * text it is given and knows nothing of its format; the CalDAV channel writes and reads it.
 * Bounded, so that a client cannot make a calendar's properties cost more than its objects:
 * {@link #MAX_NAME} characters per name part, {@link #MAX_VALUE} per value, and per calendar
 * {@link #MAX_COUNT} properties of {@link #MAX_TOTAL} characters in all.
 */
@Entity
@Table(name = "calendar_properties")
@NamedQuery(name = "CalendarProperty.ofCalendars", query = """
        SELECT p FROM CalendarProperty p WHERE p.calendarId IN :calendars ORDER BY p.calendarId, p.namespaceUri, p.localName""")
@NamedQuery(name = "CalendarProperty.deleteOfCalendar", query = """
        DELETE FROM CalendarProperty p WHERE p.calendarId = :calendar""")
public class CalendarProperty {

    public static final int MAX_NAME = 255;
    public static final int MAX_VALUE = 16 * 1024;
    public static final int MAX_COUNT = 64;
    public static final int MAX_TOTAL = 64 * 1024;

    /** A property's name: its namespace and local name, as in XML. */
    public record Name(String namespace, String localName) {

        /** Whether a calendar can keep a property of this name. */
        public boolean fits() {
            return namespace.length() <= MAX_NAME && localName.length() <= MAX_NAME;
        }
    }

    /** Whether a calendar may keep properties of these values: no more than {@link #MAX_COUNT}, of {@link #MAX_TOTAL} characters. */
    public static boolean fit(java.util.Collection<String> values) {
        return values.size() <= MAX_COUNT && values.stream().mapToLong(String::length).sum() <= MAX_TOTAL
                && values.stream().allMatch(v -> v.length() <= MAX_VALUE);
    }

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "calendar_id", nullable = false, length = 36)
    private String calendarId;

    @Column(name = "namespace_uri", nullable = false, length = MAX_NAME)
    private String namespaceUri;

    @Column(name = "local_name", nullable = false, length = MAX_NAME)
    private String localName;

    @Column(name = "xml_value", nullable = false, length = MAX_VALUE)
    private String value;

    protected CalendarProperty() {
    }

    CalendarProperty(String calendarId, Name name, String value) {
        this.id = UUID.randomUUID().toString();
        this.calendarId = calendarId;
        this.namespaceUri = name.namespace();
        this.localName = name.localName();
        this.value = value;
    }

    public String getCalendarId() {
        return calendarId;
    }

    public Name getName() {
        return new Name(namespaceUri, localName);
    }

    public String getValue() {
        return value;
    }

    void setValue(String value) {
        this.value = value;
    }
}
