package com.calendarpipe.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.rest.RestApplication;
import com.calendarpipe.testing.ResourceClasses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Paths become templates: ids, tokens and names never reach a label or a log line. */
class RoutesTest {

    @BeforeAll
    static void theApiAsDeployed() {
        ResourceClasses.install();
    }

    @Test
    void restPathsBecomeTheirResourceTemplates() {
        assertEquals(new Routes("rest", "/api/v1/events/{eventId}"), Routes.of("/api/v1/events/evt_0f3a9c"));
        assertEquals(new Routes("rest", "/api/v1/calendars/{calendarId}/events"),
                Routes.of("/api/v1/calendars/hosted:4b1c2d3e-0000-4000-8000-000000000000/events"));
        assertEquals(new Routes("rest", "/api/v1/hosted-calendars/{id}/regenerate-token"),
                Routes.of("/api/v1/hosted-calendars/4b1c/regenerate-token"));
        assertEquals(new Routes("rest", "/api/v1/hosted-calendars/{id}/invitations/{uid}/respond"),
                Routes.of("/api/v1/hosted-calendars/4b1c/invitations/lunch-1%40example.com/respond"));
        assertEquals(new Routes("rest", "/api/v1/api-keys/{id}"), Routes.of("/api/v1/api-keys/cp_0123456789abcdef"));
        assertEquals(new Routes("rest", "/api/v1/account"), Routes.of("/api/v1/account"));
        assertEquals(new Routes("rest", "/api/v1/api-keys/{id}/rotate"), Routes.of("/api/v1/api-keys/k1/rotate"));
    }

    /** The deployment names what CDI sees (RestRoutes is an extension): a resource CDI did not see would go unnamed and unguarded. */
    @Test
    void everyResourceIsABeanCdiSees() {
        for (Class<?> resource : ResourceClasses.all()) {
            assertTrue(resource.isAnnotationPresent(ApplicationScoped.class), resource + " is @ApplicationScoped");
        }
    }

    @Test
    void theRestRootIsTheApplicationPath() {
        assertEquals(RestApplication.class.getAnnotation(ApplicationPath.class).value(), RestRoutes.ROOT);
    }

    /** Every operation the resources serve is named by its own template: none is {unmatched}. */
    @Test
    void everyRestOperationIsNamedByItsTemplate() {
        for (RestRoutes.Operation operation : ResourceClasses.operations()) {
            String path = operation.template().replaceAll("\\{[^}]+}", "x1");
            assertEquals(new Routes("rest", operation.template()), Routes.of(path), operation::toString);
        }
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
