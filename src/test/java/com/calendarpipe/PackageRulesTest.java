package com.calendarpipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules, read from the source tree: the calendar store knows no HTTP and no JSON,
 * a feature's services and entities leave the REST edge to its resources, and the REST frame
 * knows no calendar type. A failure lists each file and the import that breaks a rule.
 */
class PackageRulesTest {

    private static final Path SOURCES = Path.of("src/main/java/com/calendarpipe");
    private static final Pattern REST_OR_JSON = Pattern.compile(
            "^import (static )?(jakarta\\.ws\\.rs|jakarta\\.json|com\\.calendarpipe\\.rest)\\b.*;$", Pattern.MULTILINE);
    /** The JAX-RS edge of a feature: its resources, views, request records and filters. */
    private static final Pattern REST_EDGE = Pattern.compile(".*(Resource|View|Request|Filter|RequiresPro)\\.java");

    @Test
    void theCalendarStoreKnowsNoHttpAndNoJson() {
        assertEquals(List.of(), offenders("calendar", REST_OR_JSON, file -> true));
    }

    @Test
    void servicesAndEntitiesOfAccountsAndKeysLeaveRestToTheirEdge() {
        Predicate<Path> notEdge = file -> !REST_EDGE.matcher(file.getFileName().toString()).matches();
        assertEquals(List.of(), offenders("account", REST_OR_JSON, notEdge));
        assertEquals(List.of(), offenders("apikey", REST_OR_JSON, notEdge));
    }

    @Test
    void theRestFrameKnowsNoCalendarType() {
        Pattern calendar = Pattern.compile("^import (static )?com\\.calendarpipe\\.calendar\\b.*;$", Pattern.MULTILINE);
        assertEquals(List.of(), offenders("rest", calendar, file -> true));
    }

    /** "file: import line" for every import of the package's (selected) files that {@code forbidden} matches. */
    private static List<String> offenders(String pkg, Pattern forbidden, Predicate<Path> checked) {
        try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(checked).sorted()
                    .flatMap(f -> forbidden.matcher(read(f)).results().map(m -> f.getFileName() + ": " + m.group()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
