package com.calendarpipe.testing;

import com.calendarpipe.ops.RestRoutes;
import com.calendarpipe.rest.RestApplication;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The REST API as the compiled classes define it, for unit tests that run without a server. */
public final class ResourceClasses {

    private ResourceClasses() {
    }

    /** Every class of the application with a {@code @Path}, found in the compiled classes. */
    public static List<Class<?>> all() {
        java.nio.file.Path classes = classesFolder();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            return files
                    .map(f -> classes.relativize(f).toString())
                    .filter(name -> name.endsWith(".class") && name.startsWith("com"))
                    .map(name -> load(name.substring(0, name.length() - ".class".length()).replace('/', '.')))
                    .filter(type -> type.isAnnotationPresent(Path.class))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operations the deployed application would have ({@link RestRoutes}, as at deployment). */
    public static List<RestRoutes.Operation> operations() {
        return RestRoutes.of(RestRoutes.ROOT, all());
    }

    /** Makes them the operations the route decisions of this JVM go by. */
    public static void install() {
        RestRoutes.install(operations());
    }

    private static java.nio.file.Path classesFolder() {
        try {
            return java.nio.file.Path.of(RestApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ResourceClasses.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
