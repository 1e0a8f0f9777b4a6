package com.calendarpipe.calendarapi;

import com.calendarpipe.Settings;
import com.calendarpipe.account.Caller;
import com.calendarpipe.account.RequiresPro;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.rest.Data;
import com.calendarpipe.rest.ErrorBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/hosted-calendars}: the account's calendars hosted here. */
@ApplicationScoped
@Path("hosted-calendars")
@RequiresPro
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Hosted calendars")
public class HostedCalendarsResource {

    @Inject
    CalendarService calendars;

    @Inject
    Settings settings;

    @Context
    HttpServletRequest request;

    @POST
    @Operation(summary = "Create a hosted calendar")
    @APIResponse(responseCode = "201", description = "The new calendar, with its feed token and calendar email",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = HostedCalendarView.class))))
    public Response create(
            @RequestBody(required = true, description = "`name` is required",
                    content = @Content(schema = @Schema(implementation = HostedCalendarInput.Body.class))) JsonObject body,
            @Context UriInfo uri) {
        HostedCalendar created = calendars.create(accountId(), HostedCalendarInput.forCreate(body));
        return Response.created(uri.getAbsolutePathBuilder().path(created.getId()).build())
                .entity(view(created))
                .build();
    }

    @GET
    @Operation(summary = "List the hosted calendars")
    public Data<List<HostedCalendarView>> list() {
        String domain = settings.mailDomain();
        return Data.of(calendars.list(accountId()).stream().map(c -> HostedCalendarView.from(c, domain)).toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One hosted calendar")
    public Data<HostedCalendarView> get(@PathParam("id") String id) {
        return view(calendars.get(accountId(), id));
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Change a hosted calendar")
    @APIResponse(responseCode = "409", description = "`components` leaves out a component the calendar still holds objects of",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Data<HostedCalendarView> update(@PathParam("id") String id,
            @RequestBody(required = true, description = "Any subset of the fields; `null` clears a nullable one",
                    content = @Content(schema = @Schema(implementation = HostedCalendarInput.Body.class))) JsonObject body) {
        return view(calendars.update(accountId(), id, HostedCalendarInput.forUpdate(body)));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a hosted calendar and its events")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        calendars.delete(accountId(), id);
        return Response.noContent().build();
    }

    /** A new feed token: existing subscriptions stop working; the calendar email and CalDAV collection stay. */
    @POST
    @Path("{id}/regenerate-token")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Regenerate the feed token",
            description = "The old feed URL stops working at once (subscriptions must be renewed). Nothing else "
                    + "changes: the calendar email and the CalDAV collection are not derived from the feed token.")
    public Data<HostedCalendarView> regenerateToken(@PathParam("id") String id) {
        return view(calendars.regenerateFeedToken(accountId(), id));
    }

    private Data<HostedCalendarView> view(HostedCalendar calendar) {
        return Data.of(HostedCalendarView.from(calendar, settings.mailDomain()));
    }

    private String accountId() {
        return Caller.of(request).account().getId();
    }
}
