package com.calendarpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The provisioned WildFly run as a plain process, for tests that must do to a server what
 * Arquillian never does: kill it. It runs {@code bin/standalone.sh} of the provisioned server
 * ({@code jboss.home}) on its own copy of the configuration ({@code jboss.server.base.dir}), with
 * the WAR in that copy's {@code deployments/} and its own port offset, so that it disturbs
 * neither the Arquillian server nor a development server. Every wait is bounded; {@link #close()}
 * (and a JVM shutdown hook, should the test JVM itself be stopped) ends the server.
 */
public final class StandaloneServer implements AutoCloseable {

    private final Path home;
    private final Path base;
    /**
     * Added to every test server's port offset ({@code -Dit.shift=1000}), so that two checkouts
     * on one machine can run their integration tests at the same time; 0 unless set.
     */
    public static final int SHIFT = Integer.getInteger("it.shift", 0);

    private final int offset;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final Thread shutdownHook = new Thread(this::killQuietly, "stop standalone server");

    private Process shell;
    private int boots;

    private StandaloneServer(Path home, Path base, int offset, Map<String, String> environment) {
        this.home = home;
        this.base = base;
        this.offset = offset;
        this.environment = environment;
    }

    /**
     * A server base directory made afresh at {@code base}: the provisioned server's configuration
     * (without any deployment recorded in it, in case a server of {@code home} is running with
     * one) and {@code war} in {@code deployments/}. {@code environment} is added to this JVM's
     * own for the server process.
     */
    public static StandaloneServer prepare(Path home, Path base, Path war, int offset, Map<String, String> environment)
            throws IOException {
        if (!Files.isExecutable(home.resolve("bin/standalone.sh"))) {
            throw new IllegalStateException("No provisioned server at " + home + " (run mvn package first)");
        }
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("No WAR at " + war + " (run mvn package first)");
        }
        deleteTree(base);
        Path source = home.resolve("standalone/configuration");
        Path configuration = base.resolve("configuration");
        try (var files = Files.walk(source)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(from);
                if (relative.startsWith("standalone_xml_history")) {
                    continue;
                }
                Path to = configuration.resolve(relative.toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path xml = configuration.resolve("standalone.xml");
        String config = Files.readString(xml, StandardCharsets.UTF_8);
        Files.writeString(xml, config.replaceAll("(?s)<deployments>.*?</deployments>", ""), StandardCharsets.UTF_8);
        Files.createDirectories(base.resolve("deployments"));
        Files.copy(war, base.resolve("deployments").resolve(war.getFileName()));
        return new StandaloneServer(home, base, offset, environment);
    }

    public URL url() {
        try {
            return URI.create("http://127.0.0.1:" + (8080 + offset)).toURL();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the server and waits until the application answers {@code GET /api/v1/status} with a
     * 200 (the resource exists only once the WAR is deployed). Fails at once when the server
     * exits, reports a boot with errors, or a port of it is already taken.
     */
    public void start(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        if (shell != null && shell.isAlive()) {
            throw new IllegalStateException("Already running");
        }
        for (int port : List.of(8080 + offset, 9990 + offset, 2525 + offset)) {   // HTTP, management, the SMTP listener
            if (answers(port)) {
                throw new IllegalStateException("Something already listens on 127.0.0.1:" + port
                        + " (a server left over by an earlier run?); this test needs port offset " + offset);
            }
        }
        boots++;
        Path console = console();
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + offset)
                .directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        Map<String, String> env = builder.environment();
        env.remove("JAVA_OPTS");                      // standalone.conf's defaults, not the caller's
        env.remove("LAUNCH_JBOSS_IN_BACKGROUND");
        env.put("JBOSS_HOME", home.toString());
        env.putAll(environment);
        shell = builder.start();
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalArgumentException alreadyAdded) {
            // from an earlier boot
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!shell.isAlive()) {
                throw new IllegalStateException("The server exited (" + shell.exitValue() + ") while starting:\n" + tail(console));
            }
            String log = Files.readString(console, StandardCharsets.UTF_8);
            if (log.contains("WFLYSRV0026") || log.contains("WFLYCTL0186")) {   // started with errors; services that failed
                throw new IllegalStateException("The server started with errors:\n" + tail(console));
            }
            if (status() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new TimeoutException("The application did not answer on " + url() + "/api/v1/status within " + timeout
                + ":\n" + tail(console));
    }

    /** The server's output of its latest boot. */
    public Path console() {
        return base.resolve("console-" + boots + ".log");
    }

    /** SIGKILL of the server's JVM (not of the script that started it): no shutdown, no flush. Returns its pid. */
    public long crash() throws InterruptedException, TimeoutException {
        ProcessHandle java = java().orElseThrow(() -> new IllegalStateException("No server JVM to kill"));
        java.destroyForcibly();
        awaitExit(java, Duration.ofSeconds(10));
        awaitExit(shell.toHandle(), Duration.ofSeconds(10));
        return java.pid();
    }

    /** A normal stop (SIGTERM to the JVM), forced after 30 s; does nothing when not running. */
    @Override
    public void close() {
        if (shell == null) {
            return;
        }
        try {
            Optional<ProcessHandle> java = java();
            if (java.isPresent()) {
                java.get().destroy();
                try {
                    awaitExit(java.get(), Duration.ofSeconds(30));
                } catch (TimeoutException e) {
                    java.get().destroyForcibly();
                    awaitExit(java.get(), Duration.ofSeconds(10));
                }
            }
            if (shell.isAlive() && !shell.waitFor(5, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
                shell.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killQuietly();
        } catch (TimeoutException e) {
            killQuietly();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down already, or never added
            }
        }
    }

    private void killQuietly() {
        if (shell != null) {
            java().ifPresent(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }

    /** The JVM that standalone.sh started: a descendant of the shell that runs java. */
    private Optional<ProcessHandle> java() {
        if (shell == null) {
            return Optional.empty();
        }
        return shell.toHandle().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
    }

    private static void awaitExit(ProcessHandle process, Duration timeout) throws InterruptedException, TimeoutException {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private int status() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/api/v1/status"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Deletes a directory tree (a test's own scratch directory under target/); nothing when absent. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
