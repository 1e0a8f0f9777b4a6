package com.calendarpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real OpenID Connect provider for the single sign-on tests: Keycloak's server distribution
 * (unpacked from Maven Central into target/keycloak by the pom), started in development mode on a
 * free loopback port with one realm made for the run (its users' addresses unique to it), and
 * stopped when closed. Keycloak 26 needs Java 21 or newer: the first JDK of that kind under
 * /usr/lib/jvm, or {@code CALENDARPIPE_KEYCLOAK_JAVA_HOME}; without one the test is skipped
 * (failed under {@code CALENDARPIPE_REQUIRE_CLIENTS=true}, as in CI).
 */
public final class Keycloak implements AutoCloseable {

    public static final String REALM = "calendarpipe";
    public static final String CLIENT_ID = "calendarpipe";
    public static final String CLIENT_SECRET = "calendarpipe-test-client-secret";

    /** A user of the realm: the name and password typed at Keycloak's sign-in page, and the address it vouches for. */
    public record User(String username, String password, String email, boolean emailVerified) {
    }

    private static final Duration START_PATIENCE = Duration.ofMinutes(4);

    private final Process process;
    private final int port;
    private final Path log;

    private Keycloak(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The realm's issuer, as its discovery document names it. */
    public String issuer() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    /**
     * Keycloak started with a fresh realm holding these users (imported at start; the development
     * database of an earlier run is removed first), once its discovery document answers.
     */
    public static Keycloak start(List<User> users) {
        Path home = distribution();
        Optional<Path> java = java21();
        RealClients.require("A Java 21 or newer for Keycloak", java.isPresent(),
                "install a JDK 21+ under /usr/lib/jvm, or set CALENDARPIPE_KEYCLOAK_JAVA_HOME");
        try {
            deleteTree(home.resolve("data/h2"));
            Files.createDirectories(home.resolve("data/import"));
            Files.writeString(home.resolve("data/import/" + REALM + ".json"), realm(users));
            int port = TestMail.freePort();
            Path log = home.resolveSibling("keycloak.log");
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port,
                    "--http-management-port=" + TestMail.freePort(), "--import-realm")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", java.get().toString());
            builder.environment().remove("JAVA_OPTS");
            // what Keycloak's threads ask of a Java 24 or newer (its log says so without it)
            builder.environment().put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
            Keycloak keycloak = new Keycloak(builder.start(), port, log);
            keycloak.awaitReady();
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
        Instant end = Instant.now().plus(START_PATIENCE);
        while (Instant.now().isBefore(end)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak stopped while starting; see " + log + ":\n" + tail());
            }
            try {
                if (http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Pause.sleep(Duration.ofMillis(500));
        }
        close();
        throw new IllegalStateException("Keycloak did not answer within " + START_PATIENCE + "; see " + log + ":\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    @Override
    public void close() {
        // kc.sh runs the JVM as its child: stop both
        Stream.concat(process.descendants(), Stream.of(process.toHandle())).forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path distribution() {
        Path unpacked = Path.of(System.getProperty("keycloak.dir", "target/keycloak"));
        try (Stream<Path> found = Files.exists(unpacked) ? Files.list(unpacked) : Stream.empty()) {
            Optional<Path> home = found.filter(dir -> Files.isExecutable(dir.resolve("bin/kc.sh"))).findFirst();
            RealClients.require("Keycloak's distribution", home.isPresent(),
                    "run the tests through Maven (`mvn verify`), which unpacks it into " + unpacked);
            return home.orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Java home of version 21 or newer, from the setting or under /usr/lib/jvm. */
    private static Optional<Path> java21() {
        String set = System.getenv("CALENDARPIPE_KEYCLOAK_JAVA_HOME");
        if (set != null && !set.isBlank()) {
            return Optional.of(Path.of(set));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")) && major(home) >= 21)
                    .max(Comparator.comparingInt(Keycloak::major));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature version in the home's {@code release} file ({@code JAVA_VERSION="25.0.1"}), or 0. */
    private static int major(Path home) {
        try (Stream<String> lines = Files.lines(home.resolve("release"))) {
            return lines.filter(line -> line.startsWith("JAVA_VERSION=")).findFirst()
                    .map(line -> line.replaceAll("[^0-9.]", "").split("\\.")[0])
                    .filter(digits -> !digits.isEmpty()).map(Integer::parseInt).orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The realm: a confidential client for CalendarPipe (code flow, PKCE required) and the users. */
    private static String realm(List<User> users) {
        String userJson = users.stream().map(user -> """
                {"username":"%s","enabled":true,"email":"%s","emailVerified":%s,"firstName":"Test","lastName":"Person",
                 "credentials":[{"type":"password","value":"%s","temporary":false}]}""".formatted(
                user.username(), user.email(), user.emailVerified(), user.password())).collect(Collectors.joining(","));
        return """
                {"realm":"%s","enabled":true,"sslRequired":"none",
                 "clients":[{"clientId":"%s","enabled":true,"publicClient":false,"clientAuthenticatorType":"client-secret",
                   "secret":"%s","standardFlowEnabled":true,"directAccessGrantsEnabled":false,"redirectUris":["*"],
                   "attributes":{"pkce.code.challenge.method":"S256"}}],
                 "users":[%s]}""".formatted(REALM, CLIENT_ID, CLIENT_SECRET, userJson);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
