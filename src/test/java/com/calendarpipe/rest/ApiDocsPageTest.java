package com.calendarpipe.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page at {@code /api/docs} names the Swagger UI files by the webjar's version: after a
 * version change in the pom, every file it loads must still be in the webjar.
 */
class ApiDocsPageTest {

    private static final Path PAGE = Path.of("src/main/webapp/api/docs");

    @Test
    void everyWebjarFileThePageLoadsIsInTheWebjar() throws IOException {
        String html = Files.readString(PAGE.resolve("index.html"));
        Matcher webjar = Pattern.compile("\"/(webjars/swagger-ui/[^\"]+)\"").matcher(html);
        List<String> files = webjar.results().map(m -> m.group(1)).toList();
        assertTrue(files.stream().anyMatch(f -> f.endsWith("/swagger-ui-bundle.js")), html);
        for (String file : files) {
            try (InputStream in = getClass().getResourceAsStream("/META-INF/resources/" + file)) {
                assertNotNull(in, file + " is not in the swagger-ui webjar on the classpath");
            }
        }
    }

    @Test
    void thePageShowsTheServersOwnDocument() throws IOException {
        assertTrue(Files.readString(PAGE.resolve("index.html")).contains("<script src=\"/api/docs/api-docs.js\">"));
        Matcher url = Pattern.compile("url: '([^']+)'").matcher(Files.readString(PAGE.resolve("api-docs.js")));
        assertTrue(url.find());
        assertEquals("/api/v1/openapi.json", url.group(1));
    }
}
