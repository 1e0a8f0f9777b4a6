package com.calendarpipe.mcp;

import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.feed.FeedDocument;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each hosted calendar as a resource (MCP 2025-06-18 "Resources"): {@code text/calendar}, the
 * document its feed serves, read by its owner with the key of the request. The URI names the
 * calendar by its id, {@code calendarpipe://calendars/{id}}, never by its feed token: the token is
 * the feed's only credential, and resource URIs end up in clients' logs and models' contexts.
 */
@ApplicationScoped
public class McpResources {

    /** resources/list pages. */
    static final int PAGE = 50;
    private static final String PREFIX = "calendarpipe://calendars/";
    private static final Pattern URI = Pattern.compile(Pattern.quote(PREFIX)
            + "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    private static final Pattern CURSOR = Pattern.compile("r([0-9]{1,9})");

    @Inject
    CalendarService calendars;

    static String uri(HostedCalendar calendar) {
        return PREFIX + calendar.getId();
    }

    /** A page of the account's calendars, oldest first, with the next page's cursor; empty for a cursor it never gave. */
    Optional<JsonObject> list(String accountId, String cursor) {
        int offset = 0;
        if (cursor != null) {
            Optional<Integer> decoded = decode(cursor);
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            offset = decoded.get();
        }
        List<HostedCalendar> all = calendars.list(accountId);
        JsonArrayBuilder page = Json.createArrayBuilder();
        all.stream().skip(offset).limit(PAGE).forEach(c -> {
            JsonObjectBuilder resource = Json.createObjectBuilder()
                    .add("uri", uri(c))
                    .add("name", c.getName())
                    .add("title", c.getName())
                    .add("mimeType", "text/calendar");
            if (c.getDescription() != null) {
                resource.add("description", c.getDescription());
            }
            page.add(resource);
        });
        JsonObjectBuilder result = Json.createObjectBuilder().add("resources", page);
        if (offset + PAGE < all.size()) {
            result.add("nextCursor", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("r" + (offset + PAGE)).getBytes(StandardCharsets.US_ASCII)));
        }
        return Optional.of(result.build());
    }

    JsonObject templates() {
        return Json.createObjectBuilder().add("resourceTemplates", Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("uriTemplate", PREFIX + "{calendarId}")
                .add("name", "calendar")
                .add("title", "A hosted calendar")
                .add("description", "The calendar's events as one iCalendar document; calendarId as list_calendars "
                        + "shows it, without the hosted: prefix")
                .add("mimeType", "text/calendar"))).build();
    }

    /** The calendar's document, if the URI names a calendar of the account. */
    Optional<JsonObject> read(String accountId, String uri) {
        Matcher match = URI.matcher(uri);
        if (!match.matches()) {
            return Optional.empty();
        }
        return calendars.list(accountId).stream().filter(c -> c.getId().equals(match.group(1))).findFirst()
                .map(c -> Json.createObjectBuilder().add("contents", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("uri", uri(c))
                        .add("mimeType", "text/calendar")
                        .add("text", FeedDocument.forOwner(calendars, c)))).build());
    }

    private static Optional<Integer> decode(String cursor) {
        try {
            Matcher match = CURSOR.matcher(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
            return match.matches() ? Optional.of(Integer.valueOf(match.group(1))) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
