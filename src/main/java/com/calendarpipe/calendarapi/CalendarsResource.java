package com.calendarpipe.calendarapi;

import com.calendarpipe.account.Caller;
import com.calendarpipe.account.RequiresPro;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.rest.Data;
import com.calendarpipe.rest.ErrorBody;
import com.calendarpipe.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
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

/**
 * {@code /calendars}: the calendars in the public service's shape, and the events of one.
 * Calendar ids are {@code hosted:<uuid>}; the bare UUID is accepted too.
 */
@ApplicationScoped
@Path("calendars")
@RequiresPro
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Events")
public class CalendarsResource {

    static final String CALENDAR_ID = "`hosted:<uuid>`, or the bare UUID";

    @Inject
    CalendarService calendars;

    @Inject
    Events events;

    @Context
    HttpServletRequest request;

    /** The connected "accounts" and their calendars; here, one entry holding the hosted calendars. */
    @GET
    @Operation(summary = "The calendars", description = "In the public service's shape: connected accounts with "
            + "their calendars; here the one entry `calendarpipe`, holding the hosted calendars as `hosted:<uuid>`.")
    public Data<List<Connection>> connections() {
        List<Connection.Entry> entries = calendars.list(accountId()).stream()
                .map(c -> new Connection.Entry(Events.calendarId(c), c.getName(), c.getDescription(), c.getColor(), c.getTimezone()))
                .toList();
        return Data.of(List.of(new Connection("calendarpipe", EventViews.PROVIDER, null, true, null, entries)));
    }

    @GET
    @Path("{calendarId}/events")
    @Operation(summary = "The events of a calendar", description = "Paged; by start within a window when one is given.")
    @APIResponse(responseCode = "422", description = EventQuery.TOO_COSTLY,
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Page<EventView> events(@PathParam("calendarId") @Parameter(description = CALENDAR_ID) String calendarId,
                                  @BeanParam EventQuery query) {
        return events.list(events.calendars(accountId(), List.of(calendarId)), query);
    }

    @POST
    @Path("{calendarId}/events")
    @Operation(summary = "Create an event")
    @APIResponse(responseCode = "201", description = "The new event",
            headers = @Header(ref = "ETag"),
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = EventView.class))))
    @APIResponse(responseCode = "409", description = "The calendar holds no events: its `components` leave `VEVENT` out "
            + "(a task list)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response create(@PathParam("calendarId") @Parameter(description = CALENDAR_ID) String calendarId,
                           @RequestBody(required = true, description = "`title` and a start are required",
                                   content = @Content(schema = @Schema(implementation = EventInput.Body.class))) JsonObject body,
                           @Context UriInfo uri) {
        return created(events.create(accountId(), calendarId, body), uri);
    }

    /**
     * Imports one event as iCalendar text (a VCALENDAR with one VEVENT and its overrides),
     * stored exactly as sent: what a calendar client would PUT over CalDAV.
     */
    @POST
    @Path("{calendarId}/events")
    @Consumes(ICal.MEDIA_TYPE)
    public Response importEvent(@PathParam("calendarId") String calendarId, String body, @Context UriInfo uri) {
        return created(events.importEvent(accountId(), calendarId, body), uri);
    }

    private static Response created(Events.Shown event, UriInfo uri) {
        return Response.created(uri.getBaseUriBuilder().path("events").path(event.object().getId()).build())
                .header(HttpHeaders.ETAG, event.object().getEtag())
                .entity(Data.of(event.view()))
                .build();
    }

    private String accountId() {
        return Caller.of(request).account().getId();
    }

    /** One entry of {@code GET /calendars}: a connected account and its calendars. */
    @JsonbPropertyOrder({"id", "provider", "email", "enabled", "createdAt", "calendars"})
    public record Connection(String id, String provider, String email, boolean enabled, String createdAt, List<Entry> calendars) {

        @JsonbPropertyOrder({"id", "name", "description", "color", "timezone"})
        public record Entry(String id, String name, String description, String color, String timezone) {
        }
    }
}
