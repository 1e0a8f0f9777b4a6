package com.calendarpipe.persistence;

import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test-only (added to the WAR by {@link LockWaitIT}, never shipped): writes an API key's row in a
 * transaction that then sits still for a while, holding the row's lock, as a node that stalls in
 * the middle of a write (a long pause, a frozen VM) does.
 */
@Stateless
@Path("test-only/row-locks")
public class RowLockProbe {

    private static final Map<String, CountDownLatch> TAKEN = new ConcurrentHashMap<>();

    @PersistenceContext
    EntityManager em;

    @Resource
    SessionContext context;

    /** Returns once the key's row is locked; the lock is held for {@code millis} from then. */
    @POST
    @Path("api-keys/{id}")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Response hold(@PathParam("id") String keyId, @QueryParam("millis") long millis) throws InterruptedException {
        CountDownLatch taken = new CountDownLatch(1);
        TAKEN.put(keyId, taken);
        context.getBusinessObject(RowLockProbe.class).holdInBackground(keyId, millis);
        return Response.status(taken.await(30, TimeUnit.SECONDS) ? 204 : 500).build();
    }

    @Asynchronous
    public void holdInBackground(String keyId, long millis) throws InterruptedException {
        em.createNativeQuery("UPDATE api_keys SET name = name WHERE id = ?1").setParameter(1, keyId).executeUpdate();
        TAKEN.remove(keyId).countDown();
        Thread.sleep(millis);
    }
}
