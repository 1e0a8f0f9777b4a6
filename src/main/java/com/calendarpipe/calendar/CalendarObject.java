package com.calendarpipe.calendar;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import net.fortuna.ical4j.model.Calendar;

/**
 * One event or to-do (with its overrides) of a hosted calendar: the iCalendar text exactly as
 * written, and the columns indexed from it. {@code id} is the REST id ({@code evt_…}); {@code
 * name} is the CalDAV resource name. {@code @Version} refuses a write based on a stale read.
 */
@Entity
@Table(name = "calendar_objects")
@NamedQuery(name = "CalendarObject.page", query = """
        SELECT o FROM CalendarObject o WHERE o.calendarId IN :calendars AND o.component = :component
        ORDER BY o.firstStart, o.id""")
@NamedQuery(name = "CalendarObject.count", query = """
        SELECT COUNT(o) FROM CalendarObject o WHERE o.calendarId IN :calendars AND o.component = :component""")
// short objects: a bounded range of first_start on the window index, so the cost follows the answer
@NamedQuery(name = "CalendarObject.shortInWindow", query = """
        SELECT o FROM CalendarObject o
        WHERE o.calendarId IN :calendars AND o.component = :component AND o.longSpan = FALSE
          AND o.firstStart >= :earliest AND o.firstStart < :end AND o.lastEnd >= :start""")
@NamedQuery(name = "CalendarObject.longInWindow", query = """
        SELECT o FROM CalendarObject o
        WHERE o.calendarId IN :calendars AND o.component = :component AND o.longSpan = TRUE
          AND o.firstStart < :end AND (o.lastEnd IS NULL OR o.lastEnd >= :start)""")
@NamedQuery(name = "CalendarObject.all", query = """
        SELECT o FROM CalendarObject o WHERE o.calendarId = :calendar ORDER BY o.firstStart, o.id""")
@NamedQuery(name = "CalendarObject.summaries", query = """
        SELECT NEW com.calendarpipe.calendar.ObjectSummary(o.name, CONCAT('"', o.etag, '"'), o.component, o.sizeBytes,
            o.updatedAt)
        FROM CalendarObject o WHERE o.calendarId = :calendar ORDER BY o.firstStart, o.id""")
@NamedQuery(name = "CalendarObject.etags", query = """
        SELECT NEW com.calendarpipe.calendar.ObjectSummary(o.name, CONCAT('"', o.etag, '"'))
        FROM CalendarObject o WHERE o.calendarId = :calendar ORDER BY o.firstStart, o.id""")
@NamedQuery(name = "CalendarObject.byName", query = """
        SELECT o FROM CalendarObject o WHERE o.calendarId = :calendar AND o.name = :name""")
@NamedQuery(name = "CalendarObject.byNames", query = """
        SELECT o FROM CalendarObject o WHERE o.calendarId = :calendar AND o.name IN :names""")
@NamedQuery(name = "CalendarObject.changedSince", query = """
        SELECT o FROM CalendarObject o WHERE o.calendarId = :calendar AND o.revision > :since ORDER BY o.revision""")
@NamedQuery(name = "CalendarObject.byUid", query = """
        SELECT o FROM CalendarObject o WHERE o.calendarId = :calendar AND o.uid = :uid""")
@NamedQuery(name = "CalendarObject.deleteOfCalendar", query = """
        DELETE FROM CalendarObject o WHERE o.calendarId = :calendar""")
public class CalendarObject {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Id
    @Column(length = 40)
    private String id;

    @Column(name = "calendar_id", nullable = false, length = 36)
    private String calendarId;

    @Column(nullable = false, length = 255)
    private String name;

    @Column(nullable = false, length = 255)
    private String uid;

    @Column(nullable = false, length = 9)
    private String component;

    @Column(name = "first_start", nullable = false)
    private Instant firstStart;

    @Column(name = "last_end")
    private Instant lastEnd;

    @Column(name = "long_span", nullable = false)
    private boolean longSpan;

    @Column(nullable = false)
    private boolean recurring;

    @Column(nullable = false, length = 64)
    private String etag;

    @Column(name = "size_bytes", nullable = false)
    private int sizeBytes;

    @Column(nullable = false, length = 1_000_000)
    private String icalendar;

    @Column(nullable = false)
    private long revision;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** RFC 6638 §3.2.10: moves on the client's and the organizer's changes, not on replies merged by the server; null when not a scheduling object. */
    @Column(name = "schedule_tag", length = 32)
    private String scheduleTag;

    @Version
    private long version;

    protected CalendarObject() {
    }

    /** A new object named after its id, so the REST id and the CalDAV name stay in step. */
    CalendarObject(String calendarId) {
        this.id = newId();
        this.calendarId = calendarId;
        this.name = id + ".ics";
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** A new object under the name a CalDAV client chose. */
    CalendarObject(String calendarId, String name) {
        this.id = newId();
        this.calendarId = calendarId;
        this.name = name;
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** {@code evt_} and 128 random bits, URL-safe. */
    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "evt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Stores new text with its index, at the calendar's new revision. */
    void write(String text, ObjectIndex index, long revision) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        this.icalendar = text;
        this.sizeBytes = bytes.length;
        this.etag = digest(bytes);
        this.uid = index.uid();
        this.component = index.component();
        this.firstStart = index.firstStart();
        this.lastEnd = index.lastEnd();
        this.longSpan = index.longSpan();
        this.recurring = index.recurring();
        this.revision = revision;
        this.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** A new schedule tag for a scheduling object (none for any other object); see {@link #getScheduleTag}. */
    void newScheduleTag(boolean schedulingObject) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        this.scheduleTag = schedulingObject ? Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) : null;
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public String getId() {
        return id;
    }

    public String getCalendarId() {
        return calendarId;
    }

    public ObjectSummary summary() {
        return new ObjectSummary(name, getEtag(), component, sizeBytes, updatedAt);
    }

    public String getName() {
        return name;
    }

    public String getUid() {
        return uid;
    }

    public String getComponent() {
        return component;
    }

    public Instant getFirstStart() {
        return firstStart;
    }

    public Instant getLastEnd() {
        return lastEnd;
    }

    public boolean isRecurring() {
        return recurring;
    }

    /** The strong entity tag, quoted as HTTP wants it. */
    public String getEtag() {
        return "\"" + etag + "\"";
    }

    public int getSizeBytes() {
        return sizeBytes;
    }

    /** The schedule tag, quoted as the Schedule-Tag header wants it (RFC 6638 §8.3); null when not a scheduling object. */
    public String getScheduleTag() {
        return scheduleTag == null ? null : "\"" + scheduleTag + "\"";
    }

    public String getIcalendar() {
        return icalendar;
    }

    /** The text parsed, shared with other readers of the same content: read it, never change it. */
    public Calendar parsed() {
        return ICal.stored(etag, icalendar);
    }

    public long getRevision() {
        return revision;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }
}
