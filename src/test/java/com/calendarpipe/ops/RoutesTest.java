package com.calendarpipe.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Paths become templates: ids, tokens and names never reach a label or a log line. */
class RoutesTest {

    @Test
    void restPathsBecomeTheirResourceTemplates() {
        assertEquals(new Routes("rest", "/api/v1/events/{eventId}"), Routes.of("/api/v1/events/evt_0f3a9c"));
        assertEquals(new Routes("rest", "/api/v1/calendars/{calendarId}/events"),
                Routes.of("/api/v1/calendars/hosted:4b1c2d3e-0000-4000-8000-000000000000/events"));
        assertEquals(new Routes("rest", "/api/v1/hosted-calendars/{calendarId}/regenerate-token"),
                Routes.of("/api/v1/hosted-calendars/4b1c/regenerate-token"));
        assertEquals(new Routes("rest", "/api/v1/hosted-calendars/{calendarId}/invitations/{uid}/respond"),
                Routes.of("/api/v1/hosted-calendars/4b1c/invitations/lunch-1%40example.com/respond"));
        assertEquals(new Routes("rest", "/api/v1/api-keys/{keyId}"), Routes.of("/api/v1/api-keys/cp_0123456789abcdef"));
        assertEquals(new Routes("rest", "/api/v1/account"), Routes.of("/api/v1/account"));
    }

    @Test
    void davPathsKeepTheirShapeButNoNames() {
        assertEquals(new Routes("caldav", "/dav/"), Routes.of("/dav/"));
        assertEquals(new Routes("caldav", "/dav/principals/{account}/"), Routes.of("/dav/principals/9a8b/"));
        assertEquals(new Routes("caldav", "/dav/calendars/{account}/{collection}/"), Routes.of("/dav/calendars/9a8b/tok/"));
        assertEquals(new Routes("caldav", "/dav/calendars/{account}/{collection}/{object}"),
                Routes.of("/dav/calendars/9a8b/tok/meeting.ics"));
        assertEquals(new Routes("caldav", "/.well-known/caldav"), Routes.of("/.well-known/caldav"));
    }

    @Test
    void theMcpEndpointIsAChannelOfItsOwn() {
        assertEquals(new Routes("mcp", "/mcp"), Routes.of("/mcp"));
        assertEquals(new Routes("web", "/{static}"), Routes.of("/mcp/anything"));
    }

    @Test
    void feedTokensAreHidden() {
        assertEquals(new Routes("feed", "/feed/{feedToken}"), Routes.of("/feed/s3cr3tT0ken.ics"));
    }

    @Test
    void anythingElseIsOneValuePerChannel() {
        // a client can send any path: each unknown one must not become a time series of its own
        assertEquals(new Routes("rest", "/api/v1/{unmatched}"), Routes.of("/api/v1/events/a/b/c"));
        assertEquals(new Routes("rest", "/api/v1/{unmatched}"), Routes.of("/api/v1/cp_0123456789abcdef0123"));
        assertEquals(new Routes("caldav", "/dav/{unmatched}"), Routes.of("/dav/calendars//x"));
        assertEquals(new Routes("feed", "/feed/{unmatched}"), Routes.of("/feed/"));
        assertEquals(new Routes("web", "/{static}"), Routes.of("/js/api.js"));
        assertEquals(new Routes("web", "/"), Routes.of("/"));
        assertEquals("OTHER", Routes.method("BREW"));
        assertEquals("PROPFIND", Routes.method("PROPFIND"));
    }
}
