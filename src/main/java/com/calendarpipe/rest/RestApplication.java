package com.calendarpipe.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * Every REST resource lives under {@code /api/v1}; resources and mappers are discovered by
 * scanning. Resources are {@code @ApplicationScoped}: one instance serves all requests, since a
 * per-request resource rebuilds its injections (EJB proxies) on every call, which measured
 * costlier than the whole API-key check.
 */
@ApplicationPath("/api/v1")
public class RestApplication extends Application {
}
