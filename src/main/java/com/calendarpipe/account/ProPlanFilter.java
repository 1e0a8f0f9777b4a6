package com.calendarpipe.account;

import com.calendarpipe.Refused;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * 402 for a Free account on a Pro endpoint. Keys of Free accounts never get this far (the
 * mechanism answers 402 for them); this covers the console's session on Pro pages.
 */
@Provider
@RequiresPro
public class ProPlanFilter implements ContainerRequestFilter {

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        if (!Caller.of(request).account().isPro()) {
            throw Refused.paymentRequired();
        }
    }
}
