package com.calendarpipe.calendar;

import com.calendarpipe.Settings;
import com.calendarpipe.account.Caller;
import com.calendarpipe.account.RequiresPro;
import com.calendarpipe.rest.Data;
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

/** {@code /api/v1/hosted-calendars}: the account's calendars hosted here. */
@ApplicationScoped
@Path("hosted-calendars")
@RequiresPro
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HostedCalendarsResource {

    @Inject
    CalendarService calendars;

    @Inject
    Settings settings;

    @Context
    HttpServletRequest request;

    @POST
    public Response create(JsonObject body, @Context UriInfo uri) {
        HostedCalendar created = calendars.create(accountId(), CalendarChanges.forCreate(body));
        return Response.created(uri.getAbsolutePathBuilder().path(created.getId()).build())
                .entity(view(created))
                .build();
    }

    @GET
    public Data<List<HostedCalendarView>> list() {
        String domain = settings.mailDomain();
        return Data.of(calendars.list(accountId()).stream().map(c -> HostedCalendarView.from(c, domain)).toList());
    }

    @GET
    @Path("{id}")
    public Data<HostedCalendarView> get(@PathParam("id") String id) {
        return view(calendars.get(accountId(), id));
    }

    @PATCH
    @Path("{id}")
    public Data<HostedCalendarView> update(@PathParam("id") String id, JsonObject body) {
        return view(calendars.update(accountId(), id, CalendarChanges.forUpdate(body)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        calendars.delete(accountId(), id);
        return Response.noContent().build();
    }

    /** A new feed token: existing subscriptions, the calendar email and CalDAV connections stop working. */
    @POST
    @Path("{id}/regenerate-token")
    @Consumes(MediaType.WILDCARD)
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
