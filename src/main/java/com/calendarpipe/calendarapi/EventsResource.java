package com.calendarpipe.calendarapi;

import com.calendarpipe.account.Caller;
import com.calendarpipe.account.RequiresPro;
import com.calendarpipe.rest.Data;
import com.calendarpipe.rest.ErrorBody;
import com.calendarpipe.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /events}: events by id, and the events of several calendars at once. */
@ApplicationScoped
@Path("events")
@RequiresPro
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Events")
public class EventsResource {

    private static final String IF_MATCH = "Only if the event still has this ETag (or `*`); a list is allowed";
    private static final String INSTANCE = "Only this instance of a recurring event: " + SeriesInstance.FORMATS
            + " (its `originalStart` in an expanded listing; send `+` as `%2B`)";
    private static final String NOT_AN_INSTANCE = "An `instance` that is no date-time or date, or of an event that "
            + "does not recur; on PATCH, invalid fields too";

    @Inject
    Events events;

    @Context
    HttpServletRequest request;

    /** {@code calendarIds}: comma-separated; every calendar of the account when absent. */
    @GET
    @Operation(summary = "The events of several calendars", description = "Paged; by start within a window when one is given.")
    @APIResponse(responseCode = "404", description = "A calendar of `calendarIds` is not the caller's",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = EventQuery.TOO_COSTLY,
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Page<EventView> across(@QueryParam("calendarIds") @Parameter(description = "Comma-separated calendar ids "
                                          + "(`hosted:<uuid>` or the UUID); every calendar of the account when left out")
                                  String calendarIds,
                                  @BeanParam EventQuery query) {
        List<String> ids = calendarIds == null ? List.of() : Arrays.asList(calendarIds.split(","));
        return events.list(events.calendars(accountId(), ids), query);
    }

    @GET
    @Path("{eventId}")
    @Operation(summary = "One event")
    @APIResponse(responseCode = "200", description = "The event", headers = @Header(ref = "ETag"),
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = EventView.class))))
    public Response get(@PathParam("eventId") String eventId) {
        return tagged(events.get(accountId(), eventId));
    }

    /**
     * Any subset of the writable fields; {@code If-Match} makes it conditional on the ETag. With
     * {@code instance}, only that instance of a series changes, through its RECURRENCE-ID override.
     */
    @PATCH
    @Path("{eventId}")
    @Operation(summary = "Change an event, or one instance of a series", description = "Without `instance`, a "
            + "recurring event changes as a whole series. With `instance`, only that instance changes: the answer is "
            + "the instance as an expanded listing shows it, with its `originalStart`.")
    @APIResponse(responseCode = "200", description = "The changed event, or the changed instance", headers = @Header(ref = "ETag"),
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = EventView.class))))
    @APIResponse(responseCode = "400", description = NOT_AN_INSTANCE,
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such event of the caller's, or `instance` is no instance of the series",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "412", description = "The event has changed since the `If-Match` ETag",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response update(@PathParam("eventId") String eventId,
                           @QueryParam("instance") @Parameter(description = INSTANCE, example = "2026-03-12T09:00:00+01:00")
                           String instance,
                           @RequestBody(required = true, description = "Any subset of the fields",
                                   content = @Content(schema = @Schema(implementation = EventInput.Body.class))) JsonObject body,
                           @HeaderParam(HttpHeaders.IF_MATCH) @Parameter(description = IF_MATCH) String ifMatch) {
        return tagged(events.update(accountId(), eventId, instance, body, ifMatch));
    }

    @DELETE
    @Path("{eventId}")
    @Operation(summary = "Delete an event, or one instance of a series", description = "With `instance`, only that "
            + "instance goes: the series gets an EXDATE for it, and loses its override if it had one.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "400", description = NOT_AN_INSTANCE,
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such event of the caller's, or `instance` is no instance of the series",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "412", description = "The event has changed since the `If-Match` ETag",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response delete(@PathParam("eventId") String eventId,
                           @QueryParam("instance") @Parameter(description = INSTANCE, example = "2026-03-12T09:00:00+01:00")
                           String instance,
                           @HeaderParam(HttpHeaders.IF_MATCH) @Parameter(description = IF_MATCH) String ifMatch) {
        events.delete(accountId(), eventId, instance, ifMatch);
        return Response.noContent().build();
    }

    /** A view of the event (or one of its instances) with the whole object's ETag. */
    private static Response tagged(Events.Shown shown) {
        return Response.ok(Data.of(shown.view())).header(HttpHeaders.ETAG, shown.object().getEtag()).build();
    }

    private String accountId() {
        return Caller.of(request).account().getId();
    }
}
