package com.calendarpipe.calendar;

import com.calendarpipe.Secrets;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A calendar hosted here. Its {@code ctag} moves on every change to it or its objects; writers
 * take the calendar's row lock first (see {@link CalendarService}), which serializes the writes
 * of one calendar, so no increment and no update is ever lost. Hence no {@code @Version} here.
 * <p>
 * Three names, kept apart on purpose: the {@code id} names it in the API and its CalDAV
 * collection (unless a CalDAV client chose a collection name); the {@code mailId} makes its
 * e-mail address, which is public (every invitee gets it) and stable for the calendar's life;
 * the {@code feedToken} is the feed's only credential, a secret that appears in the feed URL and
 * nowhere else, so regenerating it moves the feed alone.
 */
@Entity
@Table(name = "hosted_calendars")
@NamedQuery(name = "HostedCalendar.ofAccount", query = """
        SELECT c FROM HostedCalendar c WHERE c.accountId = :account ORDER BY c.createdAt, c.id""")
@NamedQuery(name = "HostedCalendar.byFeedToken", query = """
        SELECT c FROM HostedCalendar c WHERE c.feedToken = :token""")
@NamedQuery(name = "HostedCalendar.byMailId", query = """
        SELECT c FROM HostedCalendar c WHERE c.mailId = :mailId""")
@NamedQuery(name = "HostedCalendar.byCollection", query = """
        SELECT c FROM HostedCalendar c WHERE c.accountId = :account AND (c.id = :name OR c.davName = :name)""")
@NamedQuery(name = "HostedCalendar.withoutMailId", query = """
        SELECT c.id FROM HostedCalendar c WHERE c.mailId IS NULL ORDER BY c.createdAt, c.id""")
public class HostedCalendar {

    /** What every calendar's address starts with: the rest of its local part is the address id. */
    public static final String ADDRESS_PREFIX = "cal-";

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "account_id", nullable = false, length = 36)
    private String accountId;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(length = 500)
    private String description;

    @Column(length = 7)
    private String color;

    @Column(nullable = false, length = 64)
    private String timezone;

    @Column(name = "organizer_display_name", length = 100)
    private String organizerDisplayName;

    @Column(name = "feed_token", nullable = false, length = 40)
    private String feedToken;

    /** Null only for a calendar made before addresses had their own id, until {@link CalendarService#giveAddress}. */
    @Column(name = "mail_id", length = 24)
    private String mailId;

    @Column(name = "dav_name", length = 255)
    private String davName;

    /** The components it holds (RFC 4791 §5.2.3), comma-separated in {@link ObjectIndex#COMPONENTS}' order. */
    @Column(nullable = false, length = 32)
    private String components;

    @Column(nullable = false)
    private long ctag;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected HostedCalendar() {
    }

    public HostedCalendar(String accountId, String name) {
        this.id = UUID.randomUUID().toString();
        this.accountId = accountId;
        this.name = name;
        this.timezone = "UTC";
        this.components = String.join(",", ObjectIndex.COMPONENTS);
        this.feedToken = newFeedToken();
        this.mailId = newMailId();
        this.ctag = 1;
        this.createdAt = now();
        this.updatedAt = createdAt;
    }

    /** 160 random bits as lower-case hex: URL-safe. */
    private static String newFeedToken() {
        return Secrets.hex(20);
    }

    /**
     * 96 random bits as lower-case hex: unguessable enough that the address does not tell how
     * many calendars there are, and safe in an e-mail address under any case rules.
     */
    static String newMailId() {
        return Secrets.hex(12);
    }

    private static Instant now() {
        // the precision both databases keep, so what a write returns is what a read returns
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Records a change to the calendar or one of its objects; returns the new revision. */
    long bump() {
        ctag++;
        updatedAt = now();
        return ctag;
    }

    void regenerateFeedToken() {
        feedToken = newFeedToken();
    }

    /** The address id of a calendar made before addresses had their own; set once. */
    void giveMailId() {
        if (mailId == null) {
            mailId = newMailId();
        }
    }

    void setDavName(String davName) {
        this.davName = davName;
    }

    /** The CalDAV collection name: the one a CalDAV client chose at creation, else the calendar's id. */
    public String getCollectionName() {
        return davName != null ? davName : id;
    }

    public String getId() {
        return id;
    }

    public String getAccountId() {
        return accountId;
    }

    public String getName() {
        return name;
    }

    void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    void setDescription(String description) {
        this.description = description;
    }

    public String getColor() {
        return color;
    }

    void setColor(String color) {
        this.color = color;
    }

    public String getTimezone() {
        return timezone;
    }

    void setTimezone(String timezone) {
        this.timezone = timezone;
    }

    /** The components its objects may be (VEVENT, VTODO, VJOURNAL), in that order. */
    public List<String> getComponents() {
        return Arrays.asList(components.split(","));
    }

    public boolean holds(String component) {
        return getComponents().contains(component);
    }

    /** {@code components}: valid ones (see {@link CalendarChanges#problems}), kept in the canonical order. */
    void setComponents(List<String> components) {
        this.components = String.join(",", ObjectIndex.COMPONENTS.stream().filter(components::contains).toList());
    }

    public String getOrganizerDisplayName() {
        return organizerDisplayName;
    }

    void setOrganizerDisplayName(String organizerDisplayName) {
        this.organizerDisplayName = organizerDisplayName;
    }

    public String getFeedToken() {
        return feedToken;
    }

    public String getMailId() {
        return mailId;
    }

    /**
     * The calendar's own address, the organizer of its events that have attendees, as
     * {@code cal-{mailId}@{mailDomain}} ({@code mailDomain} is the operator's setting).
     */
    public String calendarEmail(String mailDomain) {
        return calendarEmail(mailId, mailDomain);
    }

    /** The address of the calendar with this address id (or, before V9, this feed token). */
    public static String calendarEmail(String mailId, String mailDomain) {
        return ADDRESS_PREFIX + mailId + "@" + mailDomain;
    }

    public long getCtag() {
        return ctag;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
