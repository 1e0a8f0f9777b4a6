package com.calendarpipe.account;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient.Session;
import com.calendarpipe.testing.Browser;
import com.calendarpipe.testing.ApiClient.TestAccount;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.Keycloak;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.ServerSettings;
import com.calendarpipe.testing.TestMail;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Single sign-on end to end against a real OpenID Connect provider, Keycloak, started by the test
 * with a realm of its own: a browser (cookies kept, redirects looked at one by one) goes from
 * "Sign in with Keycloak" to Keycloak's sign-in page, types the user's password there, and comes
 * back with a code that the server exchanges, over the network, for an ID token it verifies. Then
 * every way the return trip can be wrong: no or altered sign-in cookie, a foreign state, another
 * browser's code (PKCE), a cancelled sign-in, an address the provider does not vouch for, no
 * account, an account whose address was never proved; two-factor sign-in still asked for; and
 * password sign-in turned off.
 */
class SingleSignOnIT extends ClientIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Keycloak.User ADA = user("ada", true);
    private static final Keycloak.User MFA = user("mfa", true);
    private static final Keycloak.User STRANGER = user("stranger", true);
    private static final Keycloak.User UNVERIFIED = user("unverified", false);
    private static final Keycloak.User UNCONFIRMED = user("unconfirmed", true);

    /** The accounts made so far, by address: several tests sign the same user in. */
    private static final Map<String, TestAccount> ACCOUNTS = new HashMap<>();
    private static Keycloak keycloak;
    private static GreenMail smtp;
    private static int smtpPort;

    @ArquillianResource
    ManagementClient management;

    private final List<AutoCloseable> settings = new ArrayList<>();

    private static Keycloak.User user(String name, boolean emailVerified) {
        return new Keycloak.User(name + "-" + RUN, "keycloak-password-" + name,
                name + "-" + RUN + "@sso.calendarpipe.test", emailVerified);
    }

    @BeforeAll
    static void startProvider() {
        keycloak = Keycloak.start(List.of(ADA, MFA, STRANGER, UNVERIFIED, UNCONFIRMED));
        smtpPort = TestMail.freePort();
        smtp = TestMail.server(smtpPort);
    }

    @AfterAll
    static void stopProvider() {
        if (keycloak != null) {
            keycloak.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @BeforeEach
    void pointAtTheProvider() {
        settings.add(TestMail.pointAt(management, smtpPort));
        settings.add(ServerSettings.set(management, "public-url", publicUrl()));
        settings.add(ServerSettings.set(management, "oidc-issuer", keycloak.issuer()));
        settings.add(ServerSettings.set(management, "oidc-client-id", Keycloak.CLIENT_ID));
        settings.add(ServerSettings.set(management, "oidc-client-secret", Keycloak.CLIENT_SECRET));
        settings.add(ServerSettings.set(management, "oidc-name", "Keycloak"));
    }

    @AfterEach
    void removeSettings() throws Exception {
        for (int i = settings.size() - 1; i >= 0; i--) {
            settings.get(i).close();
        }
        settings.clear();
    }

    @Test
    void aProvedAccountSignsInThroughTheProvider() throws Exception {
        account(ADA, true);
        JsonObject methods = api().get("/api/v1/sso").data();
        assertTrue(methods.getBoolean("enabled"), methods::toString);
        assertEquals("Keycloak", methods.getString("name"));
        assertTrue(methods.getBoolean("passwordSignIn"));

        Visitor browser = new Visitor();
        String callback = browser.throughTheProvider(ADA);
        assertTrue(callback.startsWith(publicUrl() + "/api/v1/sso/callback?"), callback);
        HttpResponse<String> back = browser.get(callback);
        assertEquals(303, back.statusCode(), back::body);
        assertEquals(publicUrl() + "/#/", location(back));
        Reply session = browser.api("GET", "/api/v1/session", null, null);
        assertEquals(200, session.status(), session::toString);
        assertEquals(ADA.email(), session.data().getString("email"));
        assertNotNull(browser.cookie("CP_SESSION"), "a console session");
        assertEquals(null, browser.cookie("CP_SSO"), () -> "the sign-in's cookie is gone after one callback: "
                + back.headers().allValues("Set-Cookie"));

        // a sign-in is a sudo confirmation: a key is made at once
        Reply key = browser.api("POST", "/api/v1/api-keys", "{\"name\":\"after sso\"}", session.data().getString("csrfToken"));
        assertEquals(201, key.status(), key::toString);
        assertEquals(200, api().get("/api/v1/account", bearer(key.data().getString("key"))).status());
        Reply trail = browser.api("GET", "/api/v1/audit-events", null, null);
        assertTrue(trail.body().contains("\"sso_signed_in\""), trail::toString);
        assertFalse(trail.body().contains(Keycloak.CLIENT_SECRET) || trail.body().contains(ADA.password()), "no secret in the trail");
        assertFalse(serverLog().contains(Keycloak.CLIENT_SECRET), "the client secret is in no log line");

        // the same answer again: its cookie went with the first use
        Reply replayed = browser.api("GET", callback.substring(publicUrl().length()), null, null);
        assertEquals(303, replayed.status());
        assertEquals(publicUrl() + "/#/sso/failed/expired", replayed.header("Location"));
    }

    @Test
    void anotherBrowsersCodeOrStateOpensNothing() throws Exception {
        account(ADA, true);
        // the victim's browser started a sign-in; the attacker brings a code of their own sign-in
        Visitor victim = new Visitor();
        String victimsState = query(location(victim.get(publicUrl() + "/api/v1/sso/start")), "state");
        String attackersCallback = new Visitor().throughTheProvider(ADA);
        String attackersCode = query(attackersCallback, "code");
        assertFailed(victim.get(publicUrl() + "/api/v1/sso/callback?state=" + encode(victimsState) + "&code="
                + encode(attackersCode)), "token", "the code was made for another PKCE challenge and nonce");
        assertEquals(null, victim.cookie("CP_SESSION"));

        // the attacker's callback followed in a browser that started nothing
        assertFailed(new Visitor().get(attackersCallback), "expired", "no sign-in started in this browser");
        // a state that is not the one this browser was given
        Visitor wrongState = new Visitor();
        wrongState.get(publicUrl() + "/api/v1/sso/start");
        assertFailed(wrongState.get(publicUrl() + "/api/v1/sso/callback?state=forged&code=x"), "state", "a foreign state");
        Visitor huge = new Visitor();
        String hugeState = query(location(huge.get(publicUrl() + "/api/v1/sso/start")), "state");
        assertFailed(huge.get(publicUrl() + "/api/v1/sso/callback?state=" + encode(hugeState) + "&code=" + "A".repeat(5000)),
                "state", "a code no provider makes");
        Visitor cancelled = new Visitor();
        String cancelledState = query(location(cancelled.get(publicUrl() + "/api/v1/sso/start")), "state");
        assertFailed(cancelled.get(publicUrl() + "/api/v1/sso/callback?state=" + encode(cancelledState)
                + "&error=access_denied"), "cancelled", "the person said no at the provider");
        // an altered or made-up sign-in cookie
        for (String cookie : List.of("CP_SSO=garbage", "CP_SSO=" + "x".repeat(10_000), "CP_SSO=c2IxOmFiY2Q6eHl6")) {
            Reply forged = api().send("GET", "/api/v1/sso/callback?state=a&code=b", null, "Cookie", cookie);
            assertEquals(303, forged.status(), forged::toString);
            assertEquals(publicUrl() + "/#/sso/failed/expired", forged.header("Location"), cookie);
            assertFalse(String.valueOf(forged.header("Set-Cookie")).contains("CP_SESSION"), "no session for " + cookie);
        }
    }

    @Test
    void onlyAnAddressTheProviderVouchesForOpensAProvedAccount() throws Exception {
        account(UNVERIFIED, true);
        account(UNCONFIRMED, false);
        Visitor unverified = new Visitor();
        assertFailed(unverified.get(unverified.throughTheProvider(UNVERIFIED)), "unverified",
                "Keycloak has not verified this address");
        Visitor stranger = new Visitor();
        assertFailed(stranger.get(stranger.throughTheProvider(STRANGER)), "no-account", "nobody here has this address");
        // someone may have signed up with this address without owning it: never hand that account over
        Visitor unconfirmed = new Visitor();
        assertFailed(unconfirmed.get(unconfirmed.throughTheProvider(UNCONFIRMED)), "unconfirmed",
                "the account's own address was never proved");
    }

    @Test
    void twoFactorSignInStillAsksForItsCode() throws Exception {
        TestAccount person = account(MFA, true);
        Session session = api().signIn(person);
        String secret = api().send("POST", "/api/v1/account/mfa/enrolment", null, session.headers()).data().getString("secret");
        long step = Totp.step(System.currentTimeMillis() / 1000);
        assertEquals(200, api().send("POST", "/api/v1/account/mfa", "{\"code\":\"" + Totp.code(secret, step) + "\"}",
                session.headers()).status());

        Visitor browser = new Visitor();
        HttpResponse<String> back = browser.get(browser.throughTheProvider(MFA));
        assertEquals(publicUrl() + "/#/sso/second-factor", location(back));
        assertEquals(401, browser.api("GET", "/api/v1/session", null, null).status(), "not signed in before the code");
        Reply code = browser.api("POST", "/api/v1/session/second-factor",
                "{\"code\":\"" + Totp.code(secret, step + 1) + "\"}", null);
        assertEquals(200, code.status(), code::toString);
        assertEquals(MFA.email(), browser.api("GET", "/api/v1/session", null, null).data().getString("email"));
    }

    @Test
    void passwordSignInCanBeTurnedOffWhileSingleSignOnIsOn() throws Exception {
        TestAccount ada = account(ADA, true);
        Visitor browser = new Visitor();
        browser.get(browser.throughTheProvider(ADA));
        String csrf = browser.api("GET", "/api/v1/session", null, null).data().getString("csrfToken");
        try (ServerSettings off = ServerSettings.set(management, "password-sign-in", "off")) {
            assertFalse(api().get("/api/v1/sso").data().getBoolean("passwordSignIn"));
            Reply refused = api().signInReply(ada);
            assertEquals(403, refused.status(), refused::toString);
            Reply sudo = browser.api("POST", "/api/v1/session/sudo", "{\"password\":\"" + ada.password() + "\"}", csrf);
            assertEquals(400, sudo.status(), "a password that signs nobody in proves nothing: " + sudo);
            Visitor again = new Visitor();
            assertEquals(publicUrl() + "/#/", location(again.get(again.throughTheProvider(ADA))), "single sign-on still works");

            // without a provider the setting is ignored: nobody is ever locked out of every way in
            removeSettings();
            assertFalse(api().get("/api/v1/sso").data().getBoolean("enabled"));
            assertEquals(200, api().signInReply(ada).status(), "password sign-in is back without single sign-on");
            assertEquals(404, api().send("GET", "/api/v1/sso/start", null).status());
            assertEquals(404, api().send("GET", "/api/v1/sso/callback?state=a&code=b", null).status());
        }
    }

    @Test
    void aProviderThatCannotBeReachedOrNamesAnotherIssuerIsSaidSoAtOnce() throws Exception {
        removeSettings();
        settings.add(ServerSettings.set(management, "public-url", publicUrl()));
        settings.add(ServerSettings.set(management, "oidc-client-id", Keycloak.CLIENT_ID));
        settings.add(ServerSettings.set(management, "oidc-client-secret", Keycloak.CLIENT_SECRET));
        // nothing listens on port 1; a discovery document whose issuer is not the one configured is refused too
        for (String issuer : List.of("http://127.0.0.1:1/realms/nowhere", keycloak.issuer() + "/")) {
            try (ServerSettings wrong = ServerSettings.set(management, "oidc-issuer", issuer)) {
                long started = System.nanoTime();
                Reply start = api().send("GET", "/api/v1/sso/start", null);
                assertEquals(303, start.status(), issuer + ": " + start);
                assertEquals(publicUrl() + "/#/sso/failed/provider", start.header("Location"), issuer);
                assertEquals(null, start.header("Set-Cookie"), "no sign-in begun");
                assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(12)) < 0,
                        "answered within the provider's timeouts");
            }
        }
    }

    @Test
    void theConsoleSignsInThroughKeycloakInChromium() throws Exception {
        account(ADA, true);
        try (Browser browser = Browser.start(base)) {
            browser.open("sign-in");
            browser.onPage("Sign in");
            WebElement button = browser.await(By.id("sso-start"));
            assertEquals("Sign in with Keycloak", button.getText());
            browser.screenshot("sso-sign-in");
            button.click();
            // Keycloak's own sign-in page
            browser.type(browser.await(By.id("kc-form-login")), "username", ADA.username());
            browser.type(browser.driver.findElement(By.id("kc-form-login")), "password", ADA.password());
            browser.driver.findElement(By.id("kc-login")).click();
            browser.onPage("Calendars");
            assertTrue(browser.everything().contains(ADA.email()), "signed in as Ada");
            browser.screenshot("sso-signed-in");

            // a person the provider knows but who has no account here is told so on the sign-in page
            // every cookie, Keycloak's session too (WebDriver's deleteAllCookies sees only the page's paths)
            browser.driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
            browser.forgetSession();
            browser.await(By.id("sso-start")).click();
            browser.type(browser.await(By.id("kc-form-login")), "username", STRANGER.username());
            browser.type(browser.driver.findElement(By.id("kc-form-login")), "password", STRANGER.password());
            browser.driver.findElement(By.id("kc-login")).click();
            browser.onPage("Sign in");
            browser.awaitText(By.cssSelector(".notice"), "No account here has the email address the provider gave");
            browser.screenshot("sso-no-account");
        }
    }

    /** The user's account here, made (and its address proved by the mailed link, if asked) at first need. */
    private TestAccount account(Keycloak.User user, boolean proved) throws Exception {
        TestAccount known = ACCOUNTS.get(user.email());
        if (known != null) {
            return known;
        }
        TestAccount account = api().signUp(user.email());
        if (proved) {
            TestMail.proveEmail(api(), smtp, user.email(), PATIENCE);
        }
        ACCOUNTS.put(user.email(), account);
        return account;
    }

    private void assertFailed(HttpResponse<String> answer, String reason, String why) {
        assertEquals(303, answer.statusCode(), why + ": " + answer.body());
        assertEquals(publicUrl() + "/#/sso/failed/" + reason, location(answer), why);
        assertFalse(answer.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("CP_SESSION=")),
                why + ": no session");
    }

    private String publicUrl() {
        return base.toString().replaceAll("/+$", "");
    }

    private static String location(HttpResponse<?> answer) {
        return answer.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location: " + answer));
    }

    private static String query(String url, String name) {
        Matcher value = Pattern.compile("[?&]" + name + "=([^&]*)").matcher(url);
        assertTrue(value.find(), name + " in " + url);
        return URLDecoder.decode(value.group(1), StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String serverLog() throws IOException {
        return Files.readString(Path.of(System.getProperty("jboss.home", "target/server"), "standalone/log/server.log"));
    }

    /**
     * A browser as far as single sign-on goes: each redirect looked at, and cookies kept by name and
     * path for the one host everything runs on (a browser keeps them per host, whatever the port).
     * Like a browser, and unlike java.net's CookieManager, it sends {@code Secure} cookies to
     * {@code http://127.0.0.1}, a secure context: Keycloak marks its own so even over HTTP.
     */
    private final class Visitor {

        private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        /** Undertow's and Keycloak's Expires: {@code Thu, 01-Jan-1970 00:00:00 GMT}, dashes or spaces. */
        private static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("EEE, dd[-][ ]MMM[-][ ]yyyy HH:mm:ss zzz",
                Locale.ROOT);
        /** name and path → value */
        private final Map<List<String>, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> get(String url) {
            return send(HttpRequest.newBuilder(URI.create(url)).GET());
        }

        /**
         * "Sign in with Keycloak": the server's start, Keycloak's sign-in page, the user's name and
         * password typed into it; the address Keycloak sends the browser back to.
         */
        String throughTheProvider(Keycloak.User user) {
            HttpResponse<String> start = get(publicUrl() + "/api/v1/sso/start");
            assertEquals(303, start.statusCode(), start::body);
            assertTrue(location(start).startsWith(keycloak.issuer() + "/protocol/openid-connect/auth?"), location(start));
            assertNotNull(cookie("CP_SSO"), "the sign-in's cookie");
            HttpResponse<String> page = get(location(start));
            assertEquals(200, page.statusCode(), page::body);
            Matcher action = FORM_ACTION.matcher(page.body());
            assertTrue(action.find(), "Keycloak's sign-in form:\n" + page.body());
            String form = "username=" + encode(user.username()) + "&password=" + encode(user.password()) + "&credentialId=";
            HttpResponse<String> signedIn = send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            assertEquals(302, signedIn.statusCode(), () -> "Keycloak's answer to the password:\n" + signedIn.body());
            return location(signedIn);
        }

        /** A call to the REST API with this browser's cookies (and the CSRF token, when given). */
        Reply api(String method, String path, String body, String csrf) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(publicUrl() + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (csrf != null) {
                request.header("X-CSRF-Token", csrf);
            }
            HttpResponse<String> answer = send(request);
            return new Reply(answer.statusCode(), answer.headers(), answer.body());
        }

        String cookie(String name) {
            return cookies.entrySet().stream().filter(c -> c.getKey().get(0).equals(name)).findFirst()
                    .map(Map.Entry::getValue).orElse(null);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
            String path = built.uri().getRawPath();
            String sent = cookies.entrySet().stream().filter(c -> path.startsWith(c.getKey().get(1)))
                    .map(c -> c.getKey().get(0) + "=" + c.getValue()).collect(Collectors.joining("; "));
            if (!sent.isEmpty()) {
                built = HttpRequest.newBuilder(built, (name, value) -> true).header("Cookie", sent).build();
            }
            try {
                HttpResponse<String> answer = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
                answer.headers().allValues("Set-Cookie").forEach(this::keep);
                return answer;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** A Set-Cookie kept (its path, default /) or, with Max-Age=0 or an Expires gone by, dropped. */
        private void keep(String header) {
            String[] parts = header.split(";");
            String[] pair = parts[0].split("=", 2);
            String path = "/";
            boolean expired = false;
            for (String attribute : Arrays.asList(parts).subList(1, parts.length)) {
                String[] named = attribute.trim().split("=", 2);
                if (named[0].equalsIgnoreCase("Path") && named.length == 2) {
                    path = named[1];
                } else if (named[0].equalsIgnoreCase("Max-Age") && named.length == 2 && named[1].trim().equals("0")) {
                    expired = true;
                } else if (named[0].equalsIgnoreCase("Expires") && named.length == 2) {
                    expired = ZonedDateTime.parse(named[1].trim(), EXPIRES).toInstant().isBefore(Instant.now());
                }
            }
            List<String> key = List.of(pair[0].trim(), path);
            if (expired || pair.length < 2) {
                cookies.remove(key);
            } else {
                cookies.put(key, pair[1].trim());
            }
        }
    }
}
