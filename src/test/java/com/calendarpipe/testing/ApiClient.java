package com.calendarpipe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A small client for the tests: raw requests (any method, any headers) and the few
 * conversations every test needs (sign up, sign in, create a key).
 */
public final class ApiClient {

    /** An account made by a test, with the password it was made with. */
    public record TestAccount(String id, String email, String password) {
    }

    /** A signed-in console session: the cookie to send and the CSRF token to echo. */
    public record Session(String cookie, String csrf) {
        public String[] headers() {
            return new String[] {"Cookie", cookie, "X-CSRF-Token", csrf};
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** The Arquillian test server's log. */
    private static final Path SERVER_LOG = Path.of(System.getProperty("jboss.home", "target/server"), "standalone/log/server.log");

    private final URI base;

    public ApiClient(URL base) {
        this.base = URI.create(base.toExternalForm().replaceAll("/+$", ""));
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** Sends {@code body} (JSON unless a Content-Type header says otherwise) with the given header name/value pairs. */
    public Reply send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public static String[] bearer(String key) {
        return new String[] {"Authorization", "Bearer " + key};
    }

    public static String[] basic(String user, String password) {
        String pair = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new String[] {"Authorization", "Basic " + pair};
    }

    public static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@calendarpipe.test";
    }

    public TestAccount signUp(String email) {
        String password = "pw-" + UUID.randomUUID();
        Reply reply = send("POST", "/api/v1/accounts", "{\"email\":\"" + email + "\",\"password\":\"" + password
                + "\",\"displayName\":\"Test " + email.substring(0, email.indexOf('@')) + "\"}");
        assertEquals(201, reply.status(), () -> "sign-up: " + reply);
        return new TestAccount(reply.data().getString("id"), email, password);
    }

    public TestAccount signUp() {
        return signUp(uniqueEmail("user"));
    }

    public Session signIn(TestAccount account) {
        Reply reply = signInReply(account);
        assertEquals(200, reply.status(), () -> "sign-in: " + reply);
        String cookie = reply.header("Set-Cookie").split(";", 2)[0];
        return new Session(cookie, reply.data().getString("csrfToken"));
    }

    /** The answer to the account's email and password (202 for an account with two-factor sign-in). */
    public Reply signInReply(TestAccount account) {
        return send("POST", "/api/v1/session",
                "{\"email\":\"" + account.email() + "\",\"password\":\"" + account.password() + "\"}");
    }

    /** Creates a key in the session's account and returns the full key (shown once). */
    public String createKey(Session session, String name) {
        Reply reply = send("POST", "/api/v1/api-keys", "{\"name\":\"" + name + "\"}", session.headers());
        assertEquals(201, reply.status(), () -> "create key: " + reply);
        return reply.data().getString("key");
    }

    /**
     * The test server's admin (listed in CALENDARPIPE_ADMINS by the pom), signed in; made on first
     * use, and confirmed as an operator would: with the one-time setup token from the server's log
     * (the test server sends no mail, so the email cannot be proved by a link).
     */
    public Session adminSession() {
        return adminSession(SERVER_LOG);
    }

    /** The same, for a server writing its log to {@code serverLog}. */
    public Session adminSession(Path serverLog) {
        String email = "admin@calendarpipe.test";
        String password = "admin-password-of-the-test-server";
        Reply made = send("POST", "/api/v1/accounts",
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"displayName\":\"Admin\"}");
        assertTrue(made.status() == 201 || made.status() == 409, made::toString);
        Session session = signIn(new TestAccount(null, email, password));
        if (get("/api/v1/account", session.headers()).data().getBoolean("adminPending")) {
            Reply confirmed = send("POST", "/api/v1/account/admin-setup",
                    "{\"token\":\"" + lastSetupToken(serverLog) + "\"}", session.headers());
            assertEquals(200, confirmed.status(), () -> "admin setup: " + confirmed);
        }
        return session;
    }

    /** The newest admin setup token the test server wrote to its log at start-up. */
    public static String lastSetupToken() {
        return lastSetupToken(SERVER_LOG);
    }

    private static String lastSetupToken(Path serverLog) {
        // WildFly rotates server.log at midnight (server.log.YYYY-MM-DD): a run that crosses it finds
        // the start-up's token in the rotated file, so every part is read, oldest first
        String name = serverLog.getFileName().toString();
        try (Stream<Path> parts = Files.list(serverLog.getParent())) {
            List<Path> oldestFirst = parts.filter(part -> part.getFileName().toString().startsWith(name))
                    .sorted(Comparator.comparing(part -> part.toFile().lastModified())).toList();
            String last = null;
            for (Path part : oldestFirst) {
                Matcher token = Pattern.compile("ADMIN SETUP: .*? valid for 24 hours: ([0-9a-f]{40}) ").matcher(Files.readString(part));
                while (token.find()) {
                    last = token.group(1);
                }
            }
            assertNotNull(last, "no admin setup token in " + serverLog + " or its rotated parts");
            return last;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a hosted calendar from a JSON body and returns it. */
    public JsonObject createCalendar(String key, String body) {
        Reply reply = send("POST", "/api/v1/hosted-calendars", body, bearer(key));
        assertEquals(201, reply.status(), () -> "create calendar: " + reply);
        return reply.data();
    }

    /** Creates an event in a hosted calendar (by its UUID) from a JSON body and returns it. */
    public JsonObject createEvent(String key, String calendarId, String body) {
        Reply reply = send("POST", "/api/v1/calendars/hosted:" + calendarId + "/events", body, bearer(key));
        assertEquals(201, reply.status(), () -> "create event: " + reply);
        return reply.data();
    }

    /** A new Pro account with one key: the common start of a test. */
    public String newKey() {
        return createKey(signIn(signUp()), "test key");
    }
}
