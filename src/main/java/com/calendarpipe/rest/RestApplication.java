package com.calendarpipe.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Every REST resource lives under {@code /api/v1}; resources and mappers are discovered by scanning. */
@ApplicationPath("/api/v1")
public class RestApplication extends Application {
}
