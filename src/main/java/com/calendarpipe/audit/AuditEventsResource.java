package com.calendarpipe.audit;

import com.calendarpipe.Refused;
import com.calendarpipe.account.Caller;
import com.calendarpipe.rest.ErrorBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/audit-events}: the caller's account's security events, newest first, a page
 * at a time. Paged by cursor, not offset: {@code before} is the id of the last event of the
 * previous page ({@code meta.next_before}), so events recorded meanwhile never shift a page.
 */
@ApplicationScoped
@Path("audit-events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit trail")
public class AuditEventsResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{36}");

    /** A page of events and where the next one starts. */
    @JsonbPropertyOrder({"data", "meta"})
    public record EventPage(List<AuditEventView> data, Meta meta) {

        @JsonbPropertyOrder({"limit", "has_more", "next_before"})
        public record Meta(int limit, @JsonbProperty("has_more") boolean hasMore,
                           @Schema(description = "Pass as `before` for the next page; none on the last page", nullable = true)
                           @JsonbProperty("next_before") String nextBefore) {
        }
    }

    @Inject
    AuditTrail trail;

    @Context
    HttpServletRequest request;

    @GET
    @Operation(summary = "List the account's audit events", description = "Security events of the account (sign-up, "
            + "sign-in and its failures, sign-out, password change, keys created, revoked, first used, used from a new "
            + "address, reported leaked, plan changes, throttling engaged), newest first, with a key or the session. "
            + "Never a full key or a password. Kept for `CALENDARPIPE_AUDIT_RETENTION_DAYS` (365 by default).")
    @APIResponse(responseCode = "200", description = "A page of events",
            content = @Content(schema = @Schema(implementation = EventPage.class)))
    @APIResponse(responseCode = "400", description = "A parameter out of range or malformed, one detail per field",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public EventPage list(
            @QueryParam("limit") @Parameter(description = "Events per page",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50")) String limit,
            @QueryParam("before") @Parameter(description = "The id of the last event of the previous page") String before,
            @QueryParam("type") @Parameter(description = "Only events of this type") String type,
            @QueryParam("keyId") @Parameter(description = "Only events about this key") String keyId) {
        List<Refused.Detail> details = new ArrayList<>();
        int size = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit.trim());
                if (size < 1 || size > MAX_LIMIT) {
                    details.add(new Refused.Detail("limit", "must be between 1 and " + MAX_LIMIT));
                }
            } catch (NumberFormatException e) {
                details.add(new Refused.Detail("limit", "must be a whole number"));
            }
        }
        if (before != null && !ID.matcher(before).matches()) {
            details.add(new Refused.Detail("before", "must be the id of an event"));
        }
        if (keyId != null && !ID.matcher(keyId).matches()) {
            details.add(new Refused.Detail("keyId", "must be the id of a key"));
        }
        if (type != null && AuditType.of(type).isEmpty()) {
            details.add(new Refused.Detail("type", "must be one of the event types"));
        }
        if (!details.isEmpty()) {
            throw Refused.invalid("Invalid query", details);
        }
        String accountId = Caller.of(request).account().getId();
        List<AuditEvent> found = trail.list(accountId, type, keyId == null ? null : keyId.toLowerCase(java.util.Locale.ROOT),
                before, size + 1);
        boolean more = found.size() > size;
        List<AuditEventView> page = found.stream().limit(size).map(AuditEventView::from).toList();
        return new EventPage(page, new EventPage.Meta(size, more, more ? page.get(page.size() - 1).id() : null));
    }
}
