package com.calendarpipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

    /**
     * No two packages reach each other, however far round: the features form layers (the audit
     * trail above the accounts, keys and sign-in it listens to; the REST frame below every
     * resource), and a cycle would tie them into one. A reference is an import or a fully
     * qualified name of another package's class; the root package (Settings, Refused, …) is
     * below all and reaches none. A failure names each cycle and the files that make it.
     */
    @Test
    void noPackageReachesItselfThroughOthers() {
        Map<String, Map<String, Set<String>>> graph = packageGraph();
        List<String> cycles = new ArrayList<>();
        for (List<String> component : stronglyConnected(graph)) {
            if (component.size() > 1) {
                StringBuilder cycle = new StringBuilder(String.join(" <-> ", component));
                for (String from : component) {
                    graph.get(from).forEach((to, files) -> {
                        if (component.contains(to)) {
                            cycle.append("\n  ").append(from).append(" -> ").append(to).append(": ").append(files);
                        }
                    });
                }
                cycles.add(cycle.toString());
            }
        }
        assertEquals(List.of(), cycles);
        assertEquals(Map.of(), graph.getOrDefault("", Map.of()), "the root package reaches no feature");
    }

    /** Package → (package it refers to → the files that do). */
    private static Map<String, Map<String, Set<String>>> packageGraph() {
        Pattern reference = Pattern.compile("com\\.calendarpipe\\.([a-z]+)\\.[A-Z]");
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String from = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Map<String, Set<String>> edges = graph.computeIfAbsent(from, p -> new TreeMap<>());
                reference.matcher(read(file)).results().map(m -> m.group(1)).filter(to -> !to.equals(from))
                        .forEach(to -> edges.computeIfAbsent(to, t -> new TreeSet<>()).add(file.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** Tarjan's strongly connected components of the graph. */
    private static List<List<String>> stronglyConnected(Map<String, Map<String, Set<String>>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<List<String>> components = new ArrayList<>();
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                visit(start, graph, index, low, stack, components);
            }
        }
        return components;
    }

    private static void visit(String node, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index,
                              Map<String, Integer> low, Deque<String> stack, List<List<String>> components) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                visit(next, graph, index, low, stack, components);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
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
