package com.calendarpipe.calendarapi;

import com.calendarpipe.Refused;
import com.calendarpipe.account.Caller;
import com.calendarpipe.account.RequiresPro;
import com.calendarpipe.rest.Data;
import com.calendarpipe.rest.ErrorBody;
import com.calendarpipe.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/hosted-calendars/{id}/invitations}: the invitations a calendar received by mail
 * at its address ({@code calendarEmail}), and the calendar's answer to one.
 */
@ApplicationScoped
@Path("hosted-calendars/{id}/invitations")
@RequiresPro
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Invitations")
public class InvitationsResource {

    private static final String EXAMPLE = """
            {"data":[{"id":"5b0e4a1c-2f7d-4c41-9a43-0d6c1f0e9b11","event_uid":"7kukuqrfedlm2f9t0vr42q2d1o@google.com",
            "organizer_email":"alice@example.com","organizer_name":"Alice Example","method":"REQUEST","sequence":0,
            "status":"pending","payload":{"id":"evt_Zk3mN0vQ","calendarId":"hosted:0b8f6f64-52b4-4a5e-9f53-3f4f2c1d7e21",
            "title":"Quarterly review","start":{"dateTime":"2026-03-10T10:00:00+01:00","timeZone":"Europe/Berlin"},
            "end":{"dateTime":"2026-03-10T11:00:00+01:00","timeZone":"Europe/Berlin"}},"delivery_status":null,
            "created_at":"2026-03-01T08:12:03Z","responded_at":null}],"meta":{"offset":0,"limit":50,"total":1,"has_more":false}}""";

    @Inject
    InvitationListing invitations;

    @Context
    HttpServletRequest request;

    @GET
    @Operation(summary = "List a calendar's invitations",
            description = "Invitations received by mail at the calendar's address, oldest first; `status` keeps one kind.")
    @APIResponse(responseCode = "200", description = "A page of invitations",
            content = @Content(examples = @ExampleObject(name = "pending", value = EXAMPLE)))
    @APIResponse(responseCode = "400", description = "An unknown `status`, a bad `offset` or `limit`",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Page<InvitationView> list(@PathParam("id") String id,
            @QueryParam("status") @Parameter(description = "pending, accepted, declined, tentative or cancelled",
                    example = "pending") String status,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0")) String offset,
            @QueryParam("limit") @Parameter(description = "1 to 100, 50 unless given",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) String limit) {
        return invitations.list(accountId(), id, status, EventQuery.page(offset, limit));
    }

    @POST
    @Path("{uid}/respond")
    @Operation(summary = "Answer an invitation",
            description = "Sets the calendar's PARTSTAT on its copy of the event and sends the organizer a REPLY from the "
                    + "calendar's address (RFC 6047). `{uid}` is the event's UID, percent-encoded, or the invitation's `id`.")
    @APIResponse(responseCode = "200", description = "The invitation with its new status",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = InvitationView.class))))
    @APIResponse(responseCode = "404", description = "No such invitation in the account's calendar",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "The organizer cancelled the invitation, or its event was deleted",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Data<InvitationView> respond(@PathParam("id") String id, @PathParam("uid") String uid,
            @RequestBody(required = true, description = "The answer",
                    content = @Content(schema = @Schema(implementation = Answer.class),
                            examples = @ExampleObject(name = "accept", value = "{\"status\":\"ACCEPTED\"}"))) JsonObject body) {
        return Data.of(invitations.respond(accountId(), id, uid, status(body)));
    }

    /** The body of an answer. */
    public record Answer(@Schema(required = true, enumeration = {"ACCEPTED", "DECLINED", "TENTATIVE"}) String status) {
    }

    private static String status(JsonObject body) {
        JsonValue status = body == null ? null : body.get("status");
        if (!(status instanceof JsonString text)) {
            throw Refused.invalidField("status", "status must be ACCEPTED, DECLINED or TENTATIVE");
        }
        return text.getString();
    }

    private String accountId() {
        return Caller.of(request).account().getId();
    }
}
