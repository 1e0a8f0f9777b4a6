package com.calendarpipe.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.Reply;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The API reference as a person gets it: the OpenAPI document and Swagger UI, without credentials. */
class OpenApiIT extends ClientIT {

    @Test
    void theDocumentIsOpenAndValidOpenApi3() {
        Reply reply = api().get("/api/v1/openapi.json");
        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply::toString);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(reply.body());
        assertEquals(List.of(), parsed.getMessages());
        OpenAPI document = parsed.getOpenAPI();
        assertTrue(document.getOpenapi().startsWith("3."), document.getOpenapi());
        assertNotNull(document.getPaths().get("/api/v1/openapi.json"), "the document lists itself");
        assertNotNull(document.getComponents().getSecuritySchemes().get("bearer"));
    }

    @Test
    void apiDocsIsSwaggerUiOnThatDocument() {
        for (String path : List.of("/api/docs", "/api/docs/")) {
            Reply page = api().get(path);
            assertEquals(200, page.status(), () -> path + ": " + page);
            assertTrue(page.header("Content-Type").startsWith("text/html"), page::toString);
            List<String> scripts = Pattern.compile("<script src=\"([^\"]+)\"").matcher(page.body()).results()
                    .map(m -> m.group(1)).toList();
            assertTrue(scripts.stream().anyMatch(s -> s.endsWith("/swagger-ui-bundle.js")), page::toString);
            assertTrue(scripts.stream().filter(s -> !s.startsWith("/webjars/")).map(s -> api().get(s))
                            .anyMatch(s -> s.status() == 200 && s.body().contains("'/api/v1/openapi.json'")),
                    "a script of the page loads the server's own document");
        }
    }

    @Test
    void swaggerUiFilesAreServedFromTheWebjar() {
        Reply page = api().get("/api/docs");
        Matcher assets = Pattern.compile("(?:src|href)=\"(/webjars/swagger-ui/[^\"]+\\.(?:js|css))\"").matcher(page.body());
        List<String> files = assets.results().map(m -> m.group(1)).toList();
        assertTrue(files.stream().anyMatch(f -> f.endsWith(".css")), page::toString);
        for (String file : files) {
            Reply asset = api().get(file);
            assertEquals(200, asset.status(), () -> file + ": " + asset.status());
            assertTrue(asset.body().length() > 1000, file);
        }
    }
}
