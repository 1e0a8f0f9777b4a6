package com.calendarpipe.calendarapi;

import com.calendarpipe.Refused;
import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.invitations.Invitation;
import com.calendarpipe.invitations.InvitationService;
import com.calendarpipe.rest.Page;
import com.calendarpipe.scheduling.Received;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What can be done with a calendar's invitations, in the API's JSON shape: list them and answer
 * one. The REST resource and the MCP tools both call it.
 */
@ApplicationScoped
public class InvitationListing {

    static final List<String> STATUSES = List.of(Invitation.PENDING, Invitation.ACCEPTED, Invitation.DECLINED,
            Invitation.TENTATIVE, Invitation.CANCELLED);

    @Inject
    InvitationService invitations;

    @Inject
    CalendarService calendars;

    @Inject
    Received received;

    @Inject
    EventListing listing;

    /** A page ({@link EventQuery#page}) of the calendar's invitations, oldest first; {@code status} (null: all) one of {@link #STATUSES}. */
    public Page<InvitationView> list(String accountId, String calendarId, String status, EventQuery query) {
        String wanted = status == null ? null : status.strip().toLowerCase(Locale.ROOT);
        if (wanted != null && !STATUSES.contains(wanted)) {
            throw Refused.invalidField("status", "status must be one of " + String.join(", ", STATUSES));
        }
        HostedCalendar calendar = calendars.get(accountId, calendarId);
        List<InvitationView> page = invitations.list(accountId, calendar.getId(), wanted, query.offset(), query.limit()).stream()
                .map(i -> view(accountId, calendar, i)).toList();
        return Page.of(page, query.offset(), query.limit(), invitations.count(accountId, calendar.getId(), wanted));
    }

    /** The calendar answers an invitation (its event UID, or the invitation's id): ACCEPTED, DECLINED or TENTATIVE. */
    public InvitationView respond(String accountId, String calendarId, String uid, String status) {
        HostedCalendar calendar = calendars.get(accountId, calendarId);
        Invitation answered = invitations.respond(accountId, calendar.getId(), uid, status);
        return view(accountId, calendar, invitations.get(accountId, calendar.getId(), answered.getId()));
    }

    private InvitationView view(String accountId, HostedCalendar calendar, Invitation invitation) {
        Optional<CalendarObject> copy = calendars.objectByUid(calendar.getId(), invitation.getEventUid());
        EventView payload = copy.filter(o -> o.getComponent().equals(EventListing.EVENT)).map(o -> listing.view(accountId, o)).orElse(null);
        String delivery = copy.map(o -> received.replyStatus(o.getIcalendar())).map(InvitationView::delivery).orElse(null);
        return new InvitationView(invitation.getId(), invitation.getEventUid(), invitation.getOrganizerEmail(),
                invitation.getOrganizerName(), invitation.getMethod(), invitation.getSequence(), invitation.getStatus(), payload,
                delivery, invitation.getCreatedAt(), invitation.getRespondedAt());
    }
}
