package com.calendarpipe.ops;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterTypeDiscovery;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;

/**
 * The REST API's operations, read from the JAX-RS resources themselves when the application is
 * deployed (a CDI extension sees every class with a {@code @Path}): each operation's method and
 * route template ({@code /api/v1/events/{eventId}}), and whether it is open to all. That is the
 * one list: the access log and the metrics name routes by it ({@link Routes}), and the
 * authentication mechanism lets through exactly the operations it marks open. An operation is
 * open when it says so with an empty {@code @SecurityRequirements}, which is also what the API
 * reference shows, so the document and the mechanism cannot disagree. A new endpoint is named and
 * guarded from the moment it exists.
 * <p>
 * Registered through {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}; unit tests
 * build the same list from the resource classes ({@link #of}).
 */
public class RestRoutes implements Extension {

    /** One REST operation: HEAD is answered as GET by JAX-RS, and matched so here. */
    public record Operation(String method, String template, boolean open) {
    }

    /**
     * Where the REST API lives: the JAX-RS application's {@code @ApplicationPath} (rest/RestApplication,
     * which a test holds to this; not read from it here, since an Application is no bean CDI sees).
     */
    public static final String ROOT = "/api/v1";

    private static final Pattern REGEX_PART = Pattern.compile("\\{\\s*([^:}\\s]+)\\s*:[^}]*}");

    /** The deployed application's operations; empty until deployment has seen its resources. */
    private static volatile List<Operation> operations = List.of();

    private final List<Class<?>> resources = new ArrayList<>();

    void resource(@Observes @WithAnnotations(Path.class) ProcessAnnotatedType<?> event) {
        AnnotatedType<?> type = event.getAnnotatedType();
        if (type.isAnnotationPresent(Path.class)) {
            resources.add(type.getJavaClass());
        }
    }

    void deployed(@Observes AfterTypeDiscovery done) {
        operations = of(ROOT, resources);
    }

    /** The operations the deployed application serves. */
    public static List<Operation> operations() {
        return operations;
    }

    /** For tests: the operations that serve the given resources under the application path. */
    public static void install(List<Operation> served) {
        operations = List.copyOf(served);
    }

    /** The operations of these resource classes, under the application path {@code root}. */
    public static List<Operation> of(String root, Collection<Class<?>> resources) {
        List<Operation> found = new ArrayList<>();
        for (Class<?> resource : resources) {
            String base = join(root, resource.getAnnotation(Path.class).value());
            boolean classOpen = open(resource.getAnnotation(SecurityRequirements.class));
            for (Method method : resource.getMethods()) {
                httpMethod(method).ifPresent(verb -> {
                    Path path = method.getAnnotation(Path.class);
                    String template = path == null ? base : join(base, path.value());
                    boolean open = method.isAnnotationPresent(SecurityRequirements.class)
                            ? open(method.getAnnotation(SecurityRequirements.class)) : classOpen;
                    found.add(new Operation(verb, template, open));
                });
            }
        }
        // literal segments before placeholders, so /api-keys/rotate-all would win over /api-keys/{keyId}
        found.sort(Comparator.comparing((Operation o) -> o.template().replaceAll("\\{[^}]*}", "\uffff"))
                .thenComparing(Operation::method));
        return List.copyOf(found);
    }

    /** The operation of this method and path, if the API has one. */
    public static Optional<Operation> find(String method, String path) {
        String verb = method.equals("HEAD") ? "GET" : method;
        String[] segments = path.split("/", -1);
        return operations.stream().filter(o -> o.method().equals(verb) && Routes.matches(o.template(), segments)).findFirst();
    }

    /**
     * Whether a request may reach the API without a credential: its operation is open, or the path
     * has no operation for its method but an open one for another, so that JAX-RS answers 405 with
     * the path's {@code Allow} (a wrong method on sign-up is no reason to ask for a key).
     */
    public static boolean open(String method, String path) {
        Optional<Operation> operation = find(method, path);
        if (operation.isPresent()) {
            return operation.get().open();
        }
        String[] segments = path.split("/", -1);
        return operations.stream().anyMatch(o -> o.open() && Routes.matches(o.template(), segments));
    }

    /** The {@code Allow} of a path of the API: the methods of its operations, with HEAD and OPTIONS, which JAX-RS adds. */
    public static String allowed(String path) {
        String[] segments = path.split("/", -1);
        Set<String> methods = new TreeSet<>(Set.of("OPTIONS"));
        operations.stream().filter(o -> Routes.matches(o.template(), segments)).forEach(o -> {
            methods.add(o.method());
            if (o.method().equals("GET")) {
                methods.add("HEAD");
            }
        });
        return String.join(", ", methods);
    }

    private static boolean open(SecurityRequirements requirements) {
        return requirements != null && requirements.value().length == 0;
    }

    private static Optional<String> httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return Optional.of(verb.value());
            }
        }
        return Optional.empty();
    }

    /** Path parts joined by single slashes, without a trailing one, and {@code {id: regex}} as {@code {id}}. */
    private static String join(String base, String part) {
        String joined = ("/" + base + "/" + part).replaceAll("/+", "/");
        if (joined.length() > 1 && joined.endsWith("/")) {
            joined = joined.substring(0, joined.length() - 1);
        }
        return REGEX_PART.matcher(joined).replaceAll("{$1}");
    }
}
