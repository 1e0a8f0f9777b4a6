package com.calendarpipe.leaks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.apikey.KeyFormat;
import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.FromAddress;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.ServerSettings;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

/**
 * A secret scanner reports keys it found in public, as GitHub's partner program does: a report
 * signed by a key the server was told about revokes every live key in it at once (REST and
 * CalDAV refuse it from the next request) and labels each token; anything unsigned, signed by
 * another key or for another body is 401 and revokes nothing. The test makes its own key pair.
 */
class LeakReportsIT extends ClientIT {

    private static final String REPORTS = "/api/v1/secret-scanning/reports";
    private static final String TYPE = "calendarpipe_api_key";

    @ArquillianResource
    ManagementClient management;

    /** A key pair and its identifier, configured on the server until closed. */
    private final class Scanner implements AutoCloseable {
        final String id = "test-" + UUID.randomUUID();
        final KeyPair pair;
        private final ServerSettings setting;

        Scanner() throws Exception {
            pair = ReportKeysTest.pair("secp256r1");
            setting = ServerSettings.set(management, "leak-report-keys",
                    "other:" + ReportKeysTest.spki(ReportKeysTest.pair("secp256r1")) + "," + id + ":" + ReportKeysTest.spki(pair));
        }

        String[] headers(String body) throws Exception {
            return new String[] {"Github-Public-Key-Identifier", id,
                    "Github-Public-Key-Signature", ReportKeysTest.b64(ReportKeysTest.sign(pair, bytes(body)))};
        }

        @Override
        public void close() {
            setting.close();
        }
    }

    @Test
    void aSignedReportRevokesTheLiveKeysInItAtOnceAndLabelsEachToken() throws Exception {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        ApiClient.Session session = api.signIn(account);
        String leaked = api.createKey(session, "leaked");
        String kept = api.createKey(session, "kept");
        String revokedBefore = api.createKey(session, "revoked before");
        String revokedId = api.get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(0).getString("id");
        assertEquals(204, api.send("DELETE", "/api/v1/api-keys/" + revokedId, null, session.headers()).status());
        // in use on both channels, so cached by the server: the revoke must reach the cache
        assertEquals(200, api.get("/api/v1/account", ApiClient.bearer(leaked)).status());
        assertEquals(207, propfind(api, account.email(), leaked).status());

        String unknown = KeyFormat.generate();
        String badChecksum = leaked.substring(0, KeyFormat.LENGTH - 1) + (leaked.endsWith("0") ? "1" : "0");
        String malformed = "cp_" + "zz".repeat(32);
        List<String> tokens = List.of(leaked, unknown, malformed, badChecksum, revokedBefore, "not a key at all");
        String body = report(tokens);
        Reply reply;
        try (Scanner scanner = new Scanner()) {
            reply = api.send("POST", REPORTS, body, scanner.headers(body));
        }
        assertEquals(200, reply.status(), reply::toString);
        JsonArray answer = Json.createReader(new StringReader(reply.body())).readArray();
        assertEquals(tokens.size(), answer.size(), reply::toString);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            JsonObject entry = answer.getJsonObject(i);
            assertEquals(tokens.get(i), entry.getString("token_raw"), reply::toString);
            assertEquals(TYPE, entry.getString("token_type"), reply::toString);
            labels.add(entry.getString("label"));
        }
        assertEquals(List.of("true_positive", "false_positive", "false_positive", "false_positive", "true_positive",
                "false_positive"), labels, reply::toString);
        assertFalse(reply.body().contains(account.id()), "the answer names the account: " + reply);
        assertFalse(reply.body().toLowerCase().contains(account.email().toLowerCase()), "the answer names the email: " + reply);

        // revoked at once, on every channel; the other key of the account is untouched
        assertEquals(401, api.get("/api/v1/account", ApiClient.bearer(leaked)).status());
        assertEquals(401, propfind(api, account.email(), leaked).status());
        assertEquals(200, api.get("/api/v1/account", ApiClient.bearer(kept)).status());
        JsonArray listed = api.get("/api/v1/api-keys", session.headers()).dataArray();
        JsonObject leakedRow = listed.getValuesAs(JsonObject.class).stream()
                .filter(k -> k.getString("name").equals("leaked")).findFirst().orElseThrow();
        assertFalse(leakedRow.isNull("revokedAt"), "listed as revoked: " + leakedRow);
        // and the account's audit trail says so, with where the key was found
        JsonArray reported = api.get("/api/v1/audit-events?type=key_leak_reported", session.headers()).dataArray();
        assertEquals(1, reported.size(), reported::toString);
        assertEquals(leakedRow.getString("id"), reported.getJsonObject(0).getString("keyId"));
        assertEquals(leakedRow.getString("prefix"), reported.getJsonObject(0).getString("keyPrefix"));
        assertEquals("https://github.com/example/repo/blob/abc/config.env",
                reported.getJsonObject(0).getJsonObject("details").getString("url"));
        assertFalse(reported.toString().contains(leaked.substring(3)), "the audit entry holds the key: " + reported);

        // the reported tokens never reach the server log (the answer echoes them to the reporter only)
        Path log = Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
        String text = Files.readString(log, StandardCharsets.UTF_8);
        for (String token : List.of(leaked, unknown, badChecksum, revokedBefore)) {
            assertFalse(text.contains(token.substring(3)), "a reported token is in " + log);
        }
        assertFalse(text.contains(malformed), "a reported token is in " + log);
        java.util.regex.Matcher keyLike = java.util.regex.Pattern.compile("cp_[0-9a-fA-F]{16,}").matcher(text);
        assertFalse(keyLike.find(), () -> "something key-like is in the log at " + keyLike.start());
        assertTrue(text.contains("leak report from"), "the report itself is logged (without its tokens)");
    }

    @Test
    void unsignedBadlySignedOrUnknownSignersAre401AndRevokeNothing() throws Exception {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "reported by a forger");
        String body = report(List.of(key));
        FromAddress sender = FromAddress.fresh(base);   // its refusals count against its own address only

        assertUnauthorized(sender.send("POST", REPORTS, body), "no keys configured");
        try (Scanner scanner = new Scanner()) {
            String[] good = scanner.headers(body);
            String otherBody = report(List.of(KeyFormat.generate()));
            List<String[]> forged = List.of(
                    new String[0],                                                               // unsigned
                    new String[] {good[0], good[1]},                                             // no signature
                    new String[] {good[2], good[3]},                                             // no identifier
                    new String[] {good[0], good[1], good[2], scanner.headers(otherBody)[3]},    // another body's
                    new String[] {good[0], "unknown-" + UUID.randomUUID(), good[2], good[3]},    // unknown identifier
                    new String[] {good[0], "other", good[2], good[3]},                           // the other key's name
                    new String[] {good[0], good[1], good[2], ReportKeysTest.b64(
                            ReportKeysTest.sign(ReportKeysTest.pair("secp256r1"), bytes(body)))}, // another key pair
                    new String[] {good[0], good[1], good[2], "bm90IGEgc2lnbmF0dXJl"});          // garbage
            for (String[] headers : forged) {
                assertUnauthorized(sender.send("POST", REPORTS, body, headers), String.join(" ", headers));
            }
            assertEquals(200, api.get("/api/v1/account", ApiClient.bearer(key)).status(), "a forged report revoked a key");
        }
        assertEquals(200, api.get("/api/v1/account", ApiClient.bearer(key)).status());
    }

    @Test
    void anOversizedBatchIsRefusedWhole() throws Exception {
        ApiClient api = api();
        String key = api.newKey();
        List<String> tokens = new ArrayList<>(List.of(key));
        while (tokens.size() <= LeakReportsResource.MAX_TOKENS) {
            tokens.add(KeyFormat.generate());
        }
        String body = report(tokens);
        try (Scanner scanner = new Scanner()) {
            Reply reply = api.send("POST", REPORTS, body, scanner.headers(body));
            assertEquals(413, reply.status(), reply::toString);
            assertEquals("Payload Too Large", Json.createReader(new StringReader(reply.body())).readObject().getString("error"));
        }
        assertEquals(200, api.get("/api/v1/account", ApiClient.bearer(key)).status());
    }

    @Test
    void refusedSignaturesAreThrottledLikeKeyGuesses() throws Exception {
        String body = report(List.of(KeyFormat.generate()));
        FromAddress sender = FromAddress.fresh(base);
        try (Scanner scanner = new Scanner();
             ServerSettings limit = ServerSettings.set(management, "throttle-address-failures", "2")) {
            assertUnauthorized(sender.send("POST", REPORTS, body, "Github-Public-Key-Identifier", scanner.id,
                    "Github-Public-Key-Signature", "bm90IGEgc2lnbmF0dXJl"), "1");
            assertUnauthorized(sender.send("POST", REPORTS, body), "2");
            Reply throttled = sender.send("POST", REPORTS, body, scanner.headers(body));
            assertEquals(429, throttled.status(), throttled::toString);
            assertNotNull(throttled.header("Retry-After"), throttled::toString);
            // another address, signed: served
            assertEquals(200, FromAddress.fresh(base).send("POST", REPORTS, body, scanner.headers(body)).status());
        }
    }

    private static void assertUnauthorized(Reply reply, String what) {
        assertEquals(401, reply.status(), () -> what + ": " + reply);
        JsonObject error = Json.createReader(new StringReader(reply.body())).readObject();
        assertEquals("Unauthorized", error.getString("error"), reply::toString);
        assertTrue(error.containsKey("message"), reply::toString);
    }

    private static Reply propfind(ApiClient api, String email, String key) {
        return api.send("PROPFIND", "/dav/", null, ApiClient.basic(email, key));
    }

    /** A report in GitHub's shape. */
    private static String report(List<String> tokens) {
        JsonArrayBuilder report = Json.createArrayBuilder();
        for (String token : tokens) {
            report.add(Json.createObjectBuilder().add("token", token).add("type", TYPE)
                    .add("url", "https://github.com/example/repo/blob/abc/config.env").add("source", "content"));
        }
        return report.build().toString();
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
