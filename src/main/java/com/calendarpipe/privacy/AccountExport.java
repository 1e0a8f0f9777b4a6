package com.calendarpipe.privacy;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.AccountEvent;
import com.calendarpipe.account.AccountView;
import com.calendarpipe.apikey.ApiKeyService;
import com.calendarpipe.apikey.ApiKeyView;
import com.calendarpipe.audit.AuditEvent;
import com.calendarpipe.audit.AuditEventView;
import com.calendarpipe.audit.AuditTrail;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.feed.FeedDocument;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An account's data as one ZIP (GDPR art. 20's "structured, commonly used and machine-readable"):
 * {@code account.json}, each calendar as {@code calendars/<name>.ics} (every object, journals
 * too, as the calendar's owner sees it), {@code api-keys.json} (names and prefixes, never a key,
 * nor its hash) and {@code audit-events.json}. No secret: no password hash, no key, no TOTP
 * seed or recovery code, no feed token. Built in memory in one read transaction, so that it is
 * one consistent picture; {@code account_exported} is recorded in it.
 */
@Stateless
public class AccountExport {

    /** Audit events read per page. */
    private static final int PAGE = 500;

    @Inject
    CalendarService calendars;

    @Inject
    ApiKeyService keys;

    @Inject
    AuditTrail trail;

    @Inject
    Event<AccountEvent> events;

    public byte[] zip(Account account, boolean listedAdmin) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes);
             Jsonb json = JsonbBuilder.create(new JsonbConfig().withFormatting(true))) {
            put(zip, "account.json", json.toJson(AccountView.from(account, listedAdmin)));
            Set<String> names = new HashSet<>();
            for (HostedCalendar calendar : calendars.list(account.getId())) {
                put(zip, "calendars/" + fileName(calendar.getName(), names) + ".ics", FeedDocument.whole(calendars, calendar));
            }
            put(zip, "api-keys.json", json.toJson(keys.list(account).stream().map(ApiKeyView::from).toList()));
            put(zip, "audit-events.json", json.toJson(auditEvents(account.getId())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception closing) {
            throw new IllegalStateException("Could not close JSON-B", closing);
        }
        events.fire(new AccountEvent(account.getId(), AccountEvent.Kind.ACCOUNT_EXPORTED, Map.of()));
        return bytes.toByteArray();
    }

    private List<AuditEventView> auditEvents(String accountId) {
        List<AuditEventView> all = new ArrayList<>();
        String before = null;
        List<AuditEvent> page;
        do {
            page = trail.list(accountId, null, null, before, PAGE);
            page.stream().map(AuditEventView::from).forEach(all::add);
            before = page.isEmpty() ? null : page.get(page.size() - 1).getId();
        } while (page.size() == PAGE);
        return all;
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /**
     * The calendar's name as a file name every system takes: letters, digits, space, dot, dash and
     * underscore kept (no path, no control character), at most 60, and unique in the ZIP.
     */
    static String fileName(String name, Set<String> taken) {
        String safe = name.replaceAll("[^\\p{L}\\p{N} ._-]", "_").strip();
        // no "..", nor a leading dot (a hidden file), whatever an unzipper makes of them
        safe = safe.replaceAll("\\.{2,}", ".").replaceAll("^\\.", "_");
        if (safe.length() > 60) {
            safe = safe.substring(0, 60);
        }
        if (safe.isEmpty()) {
            safe = "calendar";
        }
        String unique = safe;
        for (int n = 2; !taken.add(unique.toLowerCase(java.util.Locale.ROOT)); n++) {
            unique = safe + " (" + n + ")";
        }
        return unique;
    }
}
