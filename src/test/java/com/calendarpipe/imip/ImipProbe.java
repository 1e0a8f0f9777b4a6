package com.calendarpipe.imip;

import com.calendarpipe.scheduling.Delivery;
import com.calendarpipe.scheduling.DeliveryOutcome;
import com.calendarpipe.scheduling.ExternalMessage;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Test-only (added to the WAR by {@link ImipDeliveryIT}, never shipped): calls {@link Delivery}
 * inside a transaction, as implicit scheduling will when it writes an event (until it is merged
 * there is no real flow), and with {@code rollback=true} rolls that transaction back; shows a
 * UID's rows in the outbox and the {@link DeliveryOutcome}s fired for it.
 */
@Stateless
@Path("test-only/imip")
@Produces(MediaType.TEXT_PLAIN)
public class ImipProbe {

    private static final Queue<DeliveryOutcome> OUTCOMES = new ConcurrentLinkedQueue<>();

    @Inject
    Delivery delivery;

    @PersistenceContext
    EntityManager em;

    @Resource
    SessionContext context;

    /** The status {@link Delivery#send} answered for a message carrying the request's body. */
    @POST
    @Path("send")
    public String send(@QueryParam("uid") String uid, @QueryParam("from") String from, @QueryParam("to") String to,
                       @QueryParam("method") String method, @QueryParam("summary") String summary,
                       @QueryParam("rollback") boolean rollback, String ical) {
        String status = delivery.send(new ExternalMessage("calendar-1", uid, from, to, method, summary, ical));
        if (rollback) {
            context.setRollbackOnly();
        }
        return status;
    }

    /** "rows attempts": the UID's messages still in the outbox and the most attempts among them. */
    @GET
    @Path("outbox")
    public String outbox(@QueryParam("uid") String uid) {
        Object[] row = em.createQuery("SELECT COUNT(m), COALESCE(MAX(m.attempts), 0) FROM OutboxMessage m WHERE m.uid = :uid", Object[].class)
                .setParameter("uid", uid).getSingleResult();
        return row[0] + " " + row[1];
    }

    /** The outcomes fired for the UID, one "recipient status" a line. */
    @GET
    @Path("outcomes")
    public String outcomes(@QueryParam("uid") String uid) {
        return OUTCOMES.stream().filter(o -> o.uid().equals(uid))
                .map(o -> o.recipient() + " " + o.scheduleStatus() + "\n").collect(Collectors.joining());
    }

    public void record(@Observes DeliveryOutcome outcome) {
        OUTCOMES.add(outcome);
    }
}
