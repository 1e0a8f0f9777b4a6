package com.calendarpipe.persistence;

import com.calendarpipe.Secrets;
import com.calendarpipe.apikey.KeyFormat;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A database as the release before schema V9 left it: migrated to V8, with rows written the way
 * that release wrote them. Alice's calendar "Team" organizes an event that invited Bob (here) and
 * a guest elsewhere, so its address {@code cal-{feedToken}@} went out with the feed token in it;
 * her calendar "Quiet" never organized anything. Bob holds his copy of the invitation. Passwords
 * are hashed as that release hashed them (PBKDF2, 120 000 iterations).
 */
record PreviousRelease(String aliceId, String aliceEmail, String alicePassword, String aliceKey,
                       String bobId, String bobEmail, String bobKey,
                       String teamId, String teamToken, String quietId, String quietToken, String uid) {

    static final String MAIL_DOMAIN = "calendarpipe.localhost";
    static final String GUEST = "guest@elsewhere.example";

    /** The schema of the release before V9. */
    static void migrateToV8(DataSource dataSource) {
        Flyway.configure(PreviousRelease.class.getClassLoader()).dataSource(dataSource)
                .locations("classpath:db/migration").target("8").load().migrate();
    }

    /** The rows, written into a database at V8. */
    static PreviousRelease write(DataSource dataSource) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        PreviousRelease rows = new PreviousRelease(UUID.randomUUID().toString(), "Alice." + suffix + "@Example.com",
                "alice-password-" + suffix, KeyFormat.generate(), UUID.randomUUID().toString(), "bob." + suffix + "@example.com",
                KeyFormat.generate(), UUID.randomUUID().toString(), Secrets.hex(20), UUID.randomUUID().toString(), Secrets.hex(20),
                "upgrade-" + suffix);
        try (Connection c = dataSource.getConnection()) {
            account(c, rows.aliceId, rows.aliceEmail, rows.alicePassword);
            account(c, rows.bobId, rows.bobEmail, "bob-password-" + suffix);
            key(c, rows.aliceId, rows.aliceKey);
            key(c, rows.bobId, rows.bobKey);
            calendar(c, rows.teamId, rows.aliceId, "Team", rows.teamToken);
            calendar(c, rows.quietId, rows.aliceId, "Quiet", rows.quietToken);
            String bobsCalendar = UUID.randomUUID().toString();
            calendar(c, bobsCalendar, rows.bobId, "Calendar", Secrets.hex(20));
            String organizer = "mailto:cal-" + rows.teamToken + "@" + MAIL_DOMAIN;
            object(c, rows.teamId, rows.uid, invitation(rows.uid, organizer, "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;"
                    + "SCHEDULE-STATUS=1.2:mailto:" + rows.bobEmail + "\r\nATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;"
                    + "SCHEDULE-STATUS=1.1:mailto:" + GUEST), true);
            object(c, bobsCalendar, rows.uid, invitation(rows.uid, organizer, "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:"
                    + rows.bobEmail + "\r\nATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + GUEST), true);
            object(c, rows.quietId, "quiet-" + suffix, """
                    BEGIN:VCALENDAR\r
                    VERSION:2.0\r
                    PRODID:-//CalendarPipe tests//EN\r
                    BEGIN:VEVENT\r
                    UID:quiet-%s\r
                    DTSTAMP:20260101T000000Z\r
                    DTSTART:20260601T090000Z\r
                    DTEND:20260601T100000Z\r
                    SUMMARY:Alone\r
                    END:VEVENT\r
                    END:VCALENDAR\r
                    """.formatted(suffix), false);
        }
        return rows;
    }

    private static String invitation(String uid, String organizer, String attendees) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//CalendarPipe tests//EN\r\nBEGIN:VEVENT\r\nUID:" + uid
                + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260601T120000Z\r\nDTEND:20260601T130000Z\r\nSUMMARY:Planning\r\n"
                + "SEQUENCE:0\r\nORGANIZER;CN=Team:" + organizer + "\r\n" + attendees + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    private static void account(Connection c, String id, String email, String password) throws Exception {
        update(c, "INSERT INTO accounts (id, email, email_normalized, display_name, password_hash, plan, created_at, version) "
                + "VALUES (?, ?, ?, ?, ?, 'PRO', ?, 0)", id, email, email.toLowerCase(), "Before V9", pbkdf2(password), now());
    }

    private static void key(Connection c, String accountId, String key) throws SQLException {
        update(c, "INSERT INTO api_keys (id, account_id, name, prefix, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                UUID.randomUUID().toString(), accountId, "before V9", KeyFormat.prefix(key), KeyFormat.hash(key), now());
    }

    private static void calendar(Connection c, String id, String accountId, String name, String token) throws SQLException {
        update(c, "INSERT INTO hosted_calendars (id, account_id, name, timezone, feed_token, ctag, created_at, updated_at) "
                + "VALUES (?, ?, ?, 'UTC', ?, 2, ?, ?)", id, accountId, name, token, now(), now());
    }

    private static void object(Connection c, String calendarId, String uid, String text, boolean scheduling) throws SQLException {
        String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
        update(c, "INSERT INTO calendar_objects (id, calendar_id, name, uid, component, first_start, last_end, long_span, "
                        + "recurring, etag, size_bytes, icalendar, revision, created_at, updated_at, version, schedule_tag) "
                        + "VALUES (?, ?, ?, ?, 'VEVENT', ?, ?, FALSE, FALSE, ?, ?, ?, 2, ?, ?, 0, ?)",
                id, calendarId, id + ".ics", uid, Timestamp.from(Instant.parse("2026-06-01T09:00:00Z")),
                Timestamp.from(Instant.parse("2026-06-01T13:00:00Z")), Secrets.sha256Hex(text),
                text.getBytes(StandardCharsets.UTF_8).length, text, now(), now(), scheduling ? Secrets.hex(8) : null);
    }

    /** As Jakarta Security's Pbkdf2PasswordHash writes it: {@code algorithm:iterations:salt:hash}. */
    private static String pbkdf2(String password) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 120_000, 256)).getEncoded();
        return "PBKDF2WithHmacSHA256:120000:" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(hash);
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    private static void update(Connection c, String sql, Object... arguments) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                statement.setObject(i + 1, arguments[i]);
            }
            statement.executeUpdate();
        }
    }
}
