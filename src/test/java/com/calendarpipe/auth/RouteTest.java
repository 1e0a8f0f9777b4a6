package com.calendarpipe.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.calendarpipe.testing.ResourceClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RouteTest {

    @BeforeAll
    static void theApiAsDeployed() {
        ResourceClasses.install();
    }

    @Test
    void onlyTheNamedApiEndpointsAreOpen() {
        assertEquals(Route.PUBLIC, Route.of("/api/v1/status", "GET"));
        assertEquals(Route.PUBLIC, Route.of("/api/v1/openapi.json", "GET"));
        assertEquals(Route.PUBLIC, Route.of("/api/v1/accounts", "POST"));
        assertEquals(Route.PUBLIC, Route.of("/api/v1/session", "POST"));
        assertEquals(Route.PUBLIC, Route.of("/api/v1/secret-scanning/reports", "POST"));
        assertEquals(Route.PUBLIC, Route.of("/api/v1/email-verifications", "POST"));
        assertEquals(Route.PUBLIC, Route.of("/api/v1/status", "HEAD"), "HEAD is answered as GET");
        assertEquals(Route.PUBLIC, Route.of("/api/v1/secret-scanning/reports", "GET"), "to be answered 405");
        assertEquals(Route.API, Route.of("/api/v1/secret-scanning/reports/x", "POST"));
        assertEquals(Route.API, Route.of("/api/v1/session", "DELETE"));
        assertEquals(Route.API, Route.of("/api/v1/session", "GET"));
        assertEquals(Route.PUBLIC, Route.of("/api/v1/accounts", "GET"), "a method sign-up does not serve: 405");
        assertEquals(Route.PUBLIC, Route.of("/api/v1/status", "PUT"), "405 too");
        assertEquals(Route.API, Route.of("/api/v1/account", "GET"));
        assertEquals(Route.API, Route.of("/api/v1/api-keys", "POST"));
        assertEquals(Route.API, Route.of("/api/v1/status/x", "GET"));
        assertEquals(Route.API, Route.of("/api/v1", "GET"));
        assertEquals(Route.API, Route.of("/api/v1/", "GET"));
        assertEquals(Route.API, Route.of("/api/v1/no-such-thing", "GET"));
    }

    @Test
    void theMcpEndpointIsItsOwnRoute() {
        assertEquals(Route.MCP, Route.of("/mcp", "POST"));
        assertEquals(Route.MCP, Route.of("/mcp", "GET"));
        assertEquals(Route.PUBLIC, Route.of("/mcpx", "POST"));
        assertEquals(Route.PUBLIC, Route.of("/mcp/x", "POST"));
    }

    @Test
    void davAndWellKnownNeedDavCredentials() {
        assertEquals(Route.DAV, Route.of("/dav", "PROPFIND"));
        assertEquals(Route.DAV, Route.of("/dav/", "OPTIONS"));
        assertEquals(Route.DAV, Route.of("/dav/calendars/x/y/", "REPORT"));
        assertEquals(Route.DAV, Route.of("/.well-known/caldav", "GET"));
        assertEquals(Route.PUBLIC, Route.of("/davx", "GET"));
        assertEquals(Route.PUBLIC, Route.of("/", "GET"));
        assertEquals(Route.PUBLIC, Route.of("/api/v2/anything", "GET"));
        assertEquals(Route.PUBLIC, Route.of("/feed/0123456789abcdef0123456789abcdef01234567.ics", "GET"));
        assertEquals(Route.PUBLIC, Route.of("/api/docs", "GET"));
    }
}
