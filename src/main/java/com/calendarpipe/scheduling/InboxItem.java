package com.calendarpipe.scheduling;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One iTIP message in an account's scheduling inbox (RFC 6638 §2.2): written once by the
 * server's delivery, at the inbox's revision then ({@link InboxState}), then only read or
 * deleted by its owner.
 */
@Entity
@Table(name = "schedule_inbox")
@NamedQuery(name = "InboxItem.ofAccount", query = """
        SELECT i FROM InboxItem i WHERE i.accountId = :account ORDER BY i.createdAt, i.id""")
@NamedQuery(name = "InboxItem.byName", query = """
        SELECT i FROM InboxItem i WHERE i.accountId = :account AND i.name = :name""")
@NamedQuery(name = "InboxItem.byNames", query = """
        SELECT i FROM InboxItem i WHERE i.accountId = :account AND i.name IN :names""")
@NamedQuery(name = "InboxItem.changedSince", query = """
        SELECT i FROM InboxItem i WHERE i.accountId = :account AND i.revision > :since ORDER BY i.revision""")
public class InboxItem {

    @Id
    @Column(length = 40)
    private String id;

    @Column(name = "account_id", nullable = false, length = 36)
    private String accountId;

    @Column(nullable = false, length = 64)
    private String name;

    @Column(nullable = false, length = 255)
    private String uid;

    @Column(nullable = false, length = 16)
    private String method;

    @Column(nullable = false, length = 64)
    private String etag;

    @Column(nullable = false, length = 1_000_000)
    private String icalendar;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private long revision;

    protected InboxItem() {
    }

    InboxItem(String accountId, String uid, String method, String icalendar, long revision) {
        this.id = UUID.randomUUID().toString();
        this.accountId = accountId;
        this.name = id + ".ics";
        this.uid = uid;
        this.method = method;
        this.icalendar = icalendar;
        this.etag = digest(icalendar);
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        this.revision = revision;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public String getName() {
        return name;
    }

    /** The strong entity tag, quoted as HTTP wants it. */
    public String getEtag() {
        return "\"" + etag + "\"";
    }

    public String getIcalendar() {
        return icalendar;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public long getRevision() {
        return revision;
    }
}
