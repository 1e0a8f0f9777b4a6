package com.calendarpipe.inbound;

import com.calendarpipe.invitations.AttendeeResponded;
import com.calendarpipe.invitations.InvitationChanged;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Test-only (added to the WAR by {@link InvitationsByMailIT}, never shipped): records the domain
 * events of invitations as they are fired, each with whether a transaction was active then (the
 * events are the webhooks' to deliver, and must be fired in the transaction that made them).
 */
@ApplicationScoped
@Path("test-only/invitation-events")
@Produces(MediaType.TEXT_PLAIN)
public class InvitationEventsProbe {

    private static final Queue<String> EVENTS = new ConcurrentLinkedQueue<>();

    @Resource
    TransactionSynchronizationRegistry transactions;

    void changed(@Observes InvitationChanged event) {
        EVENTS.add(event.eventUid() + " " + event.kind() + " " + inTransaction());
    }

    void responded(@Observes AttendeeResponded event) {
        EVENTS.add(event.eventUid() + " RESPONDED " + event.attendee() + " " + event.partstat() + " " + inTransaction());
    }

    private String inTransaction() {
        return transactions.getTransactionStatus() == Status.STATUS_ACTIVE ? "in-transaction" : "outside";
    }

    /** The events of one UID, one a line, in the order fired. */
    @GET
    public String events(@QueryParam("uid") String uid) {
        return EVENTS.stream().filter(e -> e.startsWith(uid + " ")).map(e -> e.substring(uid.length() + 1) + "\n")
                .collect(Collectors.joining());
    }
}
