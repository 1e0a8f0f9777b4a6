package com.calendarpipe.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import com.calendarpipe.testing.ResourceClasses;

/**
 * The OpenAPI document the build generates into the classes, as {@link OpenApiResource} serves
 * it: valid OpenAPI 3, listing every operation of the JAX-RS resources (found by reflection, so an
 * endpoint added without a place in the document fails here), open exactly where the
 * authentication mechanism lets requests through, and answering errors in the envelope.
 */
class OpenApiDocumentTest {

    private static final String ERROR_BODY = "#/components/schemas/ErrorBody";

    private static SwaggerParseResult parsed;
    private static OpenAPI api;

    @BeforeAll
    static void parse() {
        ResourceClasses.install();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        parsed = new OpenAPIV3Parser().readContents(new OpenApiResource().document(), null, options);
        api = parsed.getOpenAPI();
    }

    @Test
    void isValidOpenApi3() {
        assertEquals(List.of(), parsed.getMessages());
        assertNotNull(api);
        assertTrue(api.getOpenapi().startsWith("3."), api.getOpenapi());
        assertEquals("CalendarPipe API", api.getInfo().getTitle());
        assertEquals(buildVersion(), api.getInfo().getVersion());
    }

    @Test
    void listsEveryOperationOfTheResourcesUnderTheApiPath() {
        assertEquals(servedOperations(), documentedOperations().keySet());
    }

    @Test
    void bearerKeysAreTheSecuritySchemeOfEveryOperationButTheOpenOnes() throws ReflectiveOperationException {
        SecurityScheme bearer = api.getComponents().getSecuritySchemes().get("bearer");
        assertEquals(SecurityScheme.Type.HTTP, bearer.getType());
        assertEquals("bearer", bearer.getScheme());
        assertTrue(bearer.getDescription().contains("cp_"), bearer.getDescription());
        assertEquals(List.of("bearer"), api.getSecurity().stream().flatMap(r -> r.keySet().stream()).toList());

        Method route = Class.forName("com.calendarpipe.auth.Route").getDeclaredMethod("of", String.class, String.class);
        route.setAccessible(true);
        for (Map.Entry<String, Operation> entry : documentedOperations().entrySet()) {
            String[] methodAndPath = entry.getKey().split(" ", 2);
            boolean publicRoute = route.invoke(null, methodAndPath[1], methodAndPath[0]).toString().equals("PUBLIC");
            List<?> security = entry.getValue().getSecurity();
            boolean open = security != null && security.isEmpty();
            assertEquals(publicRoute, open, () -> entry.getKey() + " is documented as the mechanism treats it");
            if (!open) {
                assertNotNull(response(entry.getValue(), "401"), () -> entry.getKey() + " documents its 401");
            }
        }
    }

    @Test
    void everyOperationAnswersItsErrorsInTheEnvelope() {
        Schema<?> envelope = api.getComponents().getSchemas().get("ErrorBody");
        assertEquals(Set.of("error", "message", "details"), envelope.getProperties().keySet());
        assertEquals(List.of("error", "message"), envelope.getRequired());
        assertEquals("#/components/schemas/ErrorDetail", envelope.getProperties().get("details").getItems().get$ref());

        documentedOperations().forEach((operation, documented) -> {
            List<String> errors = documented.getResponses().keySet().stream().filter(s -> s.matches("[45]\\d\\d")).toList();
            assertFalse(errors.isEmpty(), () -> operation + " documents no error");
            for (String status : errors) {
                MediaType json = response(documented, status).getContent().get("application/json");
                assertNotNull(json, () -> operation + " " + status + " is JSON");
                assertEquals(ERROR_BODY, json.getSchema().get$ref(), () -> operation + " " + status + " is the envelope");
            }
        });
    }

    @Test
    void jsonObjectBodiesNameTheFieldsTheirReadersAccept() throws ReflectiveOperationException {
        assertEquals(writable("com.calendarpipe.calendarapi.HostedCalendarInput"),
                api.getComponents().getSchemas().get("HostedCalendarInput").getProperties().keySet());
        assertEquals(writable("com.calendarpipe.calendarapi.EventInput"),
                api.getComponents().getSchemas().get("EventInput").getProperties().keySet());
        assertEquals("#/components/schemas/EventInput", documentedOperations().get("PATCH /api/v1/events/{eventId}")
                .getRequestBody().getContent().get("application/json").getSchema().get$ref());
    }

    @Test
    void aHostedCalendarShowsAndTakesTheComponentsItHolds() {
        for (String schema : List.of("HostedCalendarView", "HostedCalendarInput")) {
            Schema<?> components = (Schema<?>) api.getComponents().getSchemas().get(schema).getProperties().get("components");
            assertNotNull(components, () -> schema + ".components");
            assertTrue(components.getTypes() == null || components.getTypes().contains("array"), schema + ".components is an array");
            Schema<?> items = components.getItems().get$ref() == null ? components.getItems()
                    : api.getComponents().getSchemas().get(components.getItems().get$ref().replace("#/components/schemas/", ""));
            assertEquals(List.of("VEVENT", "VTODO", "VJOURNAL"), items.getEnum(), schema);
            assertNotNull(components.getDescription(), schema);
        }
        assertNotNull(response(documentedOperations().get("PATCH /api/v1/hosted-calendars/{id}"), "409"),
                "a component left out that the calendar still holds");
        assertNotNull(response(documentedOperations().get("POST /api/v1/calendars/{calendarId}/events"), "409"),
                "an event in a task list");
    }

    @Test
    void onePatchOrDeleteOfAnEventCanNameOneInstanceOfASeries() {
        for (String method : List.of("PATCH", "DELETE")) {
            Operation operation = documentedOperations().get(method + " /api/v1/events/{eventId}");
            io.swagger.v3.oas.models.parameters.Parameter instance = operation.getParameters().stream()
                    .filter(p -> p.getName().equals("instance")).findFirst()
                    .orElseThrow(() -> new AssertionError(method + " documents ?instance"));
            assertEquals("query", instance.getIn());
            assertFalse(Boolean.TRUE.equals(instance.getRequired()), "without it, the whole event");
            assertTrue(instance.getDescription().contains("original start"), instance.getDescription());
            for (String status : List.of("400", "404", "412")) {
                assertNotNull(response(operation, status), () -> method + " documents " + status);
            }
        }
    }

    @Test
    void leakReportsDocumentTheirSignatureHeadersAndGitHubsAnswer() {
        Operation report = documentedOperations().get("POST /api/v1/secret-scanning/reports");
        assertNotNull(report, "the leak report endpoint is documented");
        assertEquals(List.of("Github-Public-Key-Identifier", "Github-Public-Key-Signature"),
                report.getParameters().stream().map(p -> p.getName()).sorted().toList());
        for (String status : List.of("200", "401", "413", "429")) {
            assertNotNull(response(report, status), () -> "documents " + status);
        }
        Schema<?> label = api.getComponents().getSchemas().get("TokenLabel");
        assertEquals(Set.of("token_raw", "token_type", "label"), label.getProperties().keySet());
        assertEquals(List.of("true_positive", "false_positive"), label.getProperties().get("label").getEnum());
        assertEquals(Set.of("token", "type", "url", "source"),
                api.getComponents().getSchemas().get("ReportedToken").getProperties().keySet());
    }

    @Test
    void everyWebhookEventTypeIsDocumentedWithItsSignatureHeadersAndAnExampleWithoutSecrets() {
        assertEquals(Set.of("event.created", "event.updated", "event.deleted", "invitation.received", "invitation.updated",
                "invitation.cancelled", "attendee.responded", "webhook.test"), api.getWebhooks().keySet());
        api.getWebhooks().forEach((type, item) -> {
            Operation post = item.getPost();
            assertEquals(List.of("webhook-id", "webhook-timestamp", "webhook-signature"),
                    post.getParameters().stream().map(p -> p.getName()).toList(), type);
            Object example = post.getRequestBody().getContent().get("application/json").getExamples().get(type).getValue();
            String text = String.valueOf(example);
            assertTrue(text.contains("type=" + type) || text.contains("\"type\" : \"" + type + "\"")
                    || text.contains("\"type\":\"" + type + "\""), type + ": " + text);
            assertFalse(text.contains("cp_") || text.contains("feedToken") || text.contains("session"), text);
            assertNotNull(response(post, "410"), type + " documents 410 Gone");
        });
        String received = String.valueOf(api.getWebhooks().get("invitation.received").getPost().getRequestBody().getContent()
                .get("application/json").getExamples().get("invitation.received").getValue());
        assertTrue(received.contains("respondUrl") && received.contains("organizerEmail"), received);
        assertNotNull(documentedOperations().get("PUT /api/v1/hosted-calendars/{id}/webhook"));
    }

    @Test
    void theKeyListDocumentsWhereEachKeyWasLastUsedFrom() {
        Schema<?> view = api.getComponents().getSchemas().get("ApiKeyView");
        assertNotNull(view, "ApiKeyView is a schema");
        for (String field : List.of("lastUsedAt", "lastUsedIp", "lastUsedUserAgent", "lastUsedVia", "recentIps")) {
            Schema<?> property = view.getProperties().get(field);
            assertNotNull(property, () -> "ApiKeyView." + field);
            assertNotNull(property.getDescription(), () -> "ApiKeyView." + field + " is described");
        }
        assertTrue(view.getProperties().get("recentIps").getTypes() == null
                || view.getProperties().get("recentIps").getTypes().contains("array"), "recentIps is an array");
        assertEquals(List.of("rest", "caldav", "mcp"), view.getProperties().get("lastUsedVia").getEnum());
    }

    /** "METHOD /path" of every operation the document lists. */
    private static Map<String, Operation> documentedOperations() {
        Map<String, Operation> operations = new TreeMap<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> operations.put(method + " " + path, operation)));
        return operations;
    }

    /** "METHOD /path" of every resource method in the compiled classes, as the deployment reads them. */
    private static Set<String> servedOperations() {
        Set<String> operations = ResourceClasses.operations().stream().map(o -> o.method() + " " + o.template())
                .collect(Collectors.toCollection(TreeSet::new));
        assertFalse(operations.isEmpty());
        return operations;
    }

    /** The response for a status, followed to {@code components/responses} when it is a reference. */
    private static ApiResponse response(Operation operation, String status) {
        ApiResponse response = operation.getResponses().get(status);
        if (response != null && response.get$ref() != null) {
            String name = response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1);
            response = api.getComponents().getResponses().get(name);
            assertNotNull(response, () -> "components/responses/" + name);
        }
        return response;
    }

    /** The private WRITABLE set of a JSON body reader. */
    @SuppressWarnings("unchecked")
    private static Set<String> writable(String reader) throws ReflectiveOperationException {
        Field field = Class.forName(reader).getDeclaredField("WRITABLE");
        field.setAccessible(true);
        return (Set<String>) field.get(null);
    }

    private static String buildVersion() {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/calendarpipe.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
