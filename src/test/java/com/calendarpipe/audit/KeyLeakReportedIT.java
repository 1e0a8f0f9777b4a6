package com.calendarpipe.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ApiClient.Session;
import com.calendarpipe.testing.Deployments;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code key_leak_reported}: recorded when {@link com.calendarpipe.apikey.KeyLeakReported} is
 * fired in the revoking transaction, with the URL, and not at all when that transaction rolls
 * back. The event is fired here by a test-only resource ({@link LeakReportProbe}) until the
 * leak-report endpoint, which fires it for real, lands.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class KeyLeakReportedIT {

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.war().addClass(LeakReportProbe.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void aLeakReportIsRecordedWithTheUrlInItsTransactionAndNotWhenItRollsBack() {
        ApiClient api = new ApiClient(base);
        Session session = api.signIn(api.signUp());
        api.createKey(session, "leaked");
        JsonObject key = api.get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(0);
        String url = "https://github.com/someone/repo/blob/main/.env";

        Reply recorded = fire(api, session, key, url, false);
        assertEquals(204, recorded.status(), recorded::toString);
        // the container rolls the transaction back when the call ends (setRollbackOnly): no exception, no event
        Reply rolledBack = fire(api, session, key, "https://example.test/rolled-back", true);
        assertEquals(204, rolledBack.status(), rolledBack::toString);

        Reply listed = api.get("/api/v1/audit-events?type=key_leak_reported", session.headers());
        assertEquals(200, listed.status(), listed::toString);
        List<JsonObject> events = listed.dataArray().getValuesAs(JsonObject.class);
        assertEquals(1, events.size(), "the rolled-back report left nothing: " + events);
        assertEquals(key.getString("id"), events.get(0).getString("keyId"));
        assertEquals(key.getString("prefix"), events.get(0).getString("keyPrefix"));
        assertEquals(url, events.get(0).getJsonObject("details").getString("url"));
    }

    private static Reply fire(ApiClient api, Session session, JsonObject key, String url, boolean rollback) {
        return api.send("POST", "/api/v1/test-only/key-leak-reported?keyId=" + key.getString("id") + "&prefix="
                + key.getString("prefix") + "&url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)
                + "&rollback=" + rollback, null, session.headers());
    }
}
