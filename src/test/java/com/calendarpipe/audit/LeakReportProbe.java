package com.calendarpipe.audit;

import com.calendarpipe.account.Caller;
import com.calendarpipe.apikey.KeyLeakReported;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;

/**
 * Test-only (added to the WAR by {@link KeyLeakReportedIT}, never shipped): fires
 * {@link KeyLeakReported} for the caller's account inside a transaction, as the leak-report
 * endpoint does when it revokes a key, and with {@code rollback=true} rolls that transaction back.
 */
@Stateless
@Path("test-only/key-leak-reported")
public class LeakReportProbe {

    @Inject
    Event<KeyLeakReported> reported;

    @Resource
    SessionContext context;

    @Context
    HttpServletRequest request;

    @POST
    public void fire(@QueryParam("keyId") String keyId, @QueryParam("prefix") String prefix,
                     @QueryParam("url") String url, @QueryParam("rollback") boolean rollback) {
        reported.fire(new KeyLeakReported(Caller.of(request).account().getId(), keyId, prefix, url));
        if (rollback) {
            context.setRollbackOnly();
        }
    }
}
