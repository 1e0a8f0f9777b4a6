package com.calendarpipe.webhook;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.Deployments;
import com.calendarpipe.testing.Pause;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.ServerSettings;
import com.calendarpipe.testing.WebhookReceiver;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Server-side request forgery: a receiver listens on loopback, where no webhook may reach, and
 * every way of writing its address (and the private ranges, the cloud's metadata address) is
 * refused at PUT with a 400 naming {@code url}; a redirect to it is not followed; and a
 * destination allowed when set but not any more when sent is refused at the connect. The
 * receiver is never reached.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebhookSsrfIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    @ArquillianResource
    ManagementClient management;

    @Test
    void noWayOfWritingAnInternalAddressIsAcceptedAndNoneIsReached() {
        try (WebhookReceiver internal = WebhookReceiver.on("127.0.0.1");
             ServerSettings http = ServerSettings.set(management, "webhook-allow-http", "true")) {
            int port = internal.port();
            List<String> urls = List.of(
                    "http://127.0.0.1:" + port + "/",
                    "https://127.0.0.1:" + port + "/",
                    "http://localhost:" + port + "/",
                    "http://[::1]:" + port + "/",
                    "http://0.0.0.0:" + port + "/",
                    "http://2130706433:" + port + "/",
                    "http://0x7f000001:" + port + "/",
                    "http://0x7f.0.0.1:" + port + "/",
                    "http://0177.0.0.1:" + port + "/",
                    "http://127.1:" + port + "/",
                    "http://127.0.0.1.:" + port + "/",
                    "http://[::ffff:127.0.0.1]:" + port + "/",
                    "http://[::ffff:7f00:1]:" + port + "/",
                    "http://[0:0:0:0:0:ffff:7f00:1]:" + port + "/",
                    "http://[::127.0.0.1]:" + port + "/",
                    "http://10.0.0.1:" + port + "/",
                    "http://172.16.0.1:" + port + "/",
                    "http://192.168.1.1:" + port + "/",
                    "http://169.254.169.254/latest/meta-data/",
                    "http://[fe80::1]:" + port + "/",
                    "http://100.64.0.1:" + port + "/",
                    "http://224.0.0.1:" + port + "/",
                    "http://[fd00::1]:" + port + "/",
                    "http://[ff02::1]:" + port + "/",
                    "http://user:password@127.0.0.1:" + port + "/",
                    "file:///etc/passwd",
                    "gopher://127.0.0.1:" + port + "/");
            ApiClient api = new ApiClient(base);
            String key = api.newKey();
            String calendar = api.createCalendar(key, "{\"name\":\"SSRF\"}").getString("id");
            List<String> accepted = new ArrayList<>();
            for (String url : urls) {
                Reply reply = api.send("PUT", "/api/v1/hosted-calendars/" + calendar + "/webhook", "{\"url\":\"" + url + "\"}", bearer(key));
                if (reply.status() != 400 || !"url".equals(reply.json().getJsonArray("details").getJsonObject(0).getString("field"))) {
                    accepted.add(url + " -> " + reply);
                }
            }
            assertEquals(List.of(), accepted, "each refused with 400 naming url");
            assertEquals(404, api.get("/api/v1/hosted-calendars/" + calendar + "/webhook", bearer(key)).status(), "no webhook set");
            assertEquals(List.of(), internal.all(), "never reached");
        }
    }

    @Test
    void aRedirectToLoopbackIsNotFollowedAndADestinationNoLongerAllowedIsRefusedAtTheConnect() {
        try (WebhookReceiver internal = WebhookReceiver.on("127.0.0.1");
             WebhookReceiver allowed = WebhookReceiver.on("127.0.0.2");
             ServerSettings http = ServerSettings.set(management, "webhook-allow-http", "true");
             ServerSettings retries = ServerSettings.set(management, "webhook-retry-delays", "0,60")) {
            allowed.redirects("/redirect", internal.url("/redirected"));
            ApiClient api = new ApiClient(base);
            String key = api.newKey();
            String calendar = api.createCalendar(key, "{\"name\":\"Redirect\"}").getString("id");
            String hook = "/api/v1/hosted-calendars/" + calendar + "/webhook";
            try (ServerSettings open = ServerSettings.set(management, "webhook-allow-private", "127.0.0.2/32")) {
                Reply set = api.send("PUT", hook, "{\"url\":\"" + allowed.url("/redirect") + "\"}", bearer(key));
                assertEquals(200, set.status(), set::toString);
                assertEquals(202, api.send("POST", hook + "/test", null, bearer(key)).status());
                allowed.await("/redirect", d -> !d.isEmpty(), PATIENCE);
                JsonObject delivery = latest(api, hook, key, d -> !d.isNull("lastStatus"));
                assertEquals(302, delivery.getInt("lastStatus"), delivery::toString);
                assertEquals("pending", delivery.getString("status"), "a 3xx is a failed attempt: " + delivery);
            }
            // the operator closes the range: the webhook stays set, but its next attempt may not connect
            try (ServerSettings narrowed = ServerSettings.set(management, "webhook-allow-private", "127.0.0.3/32")) {
                int before = allowed.all().size();
                assertEquals(202, api.send("POST", hook + "/test", null, bearer(key)).status());
                JsonObject refused = latest(api, hook, key, d -> !d.isNull("lastError"));
                assertTrue(refused.getString("lastError").startsWith("destination refused"), refused::toString);
                assertTrue(refused.isNull("lastStatus"), refused::toString);
                Pause.sleep(Duration.ofSeconds(2));
                assertEquals(before, allowed.all().size(), "not connected to");
            }
            assertEquals(List.of(), internal.all(), "the redirect's target was never reached");
        }
    }

    /** The latest delivery, once {@code done} holds for it. */
    private static JsonObject latest(ApiClient api, String hook, String key, Predicate<JsonObject> done) {
        JsonObject latest = Pause.until(() -> api.get(hook + "/deliveries", bearer(key)).dataArray().getJsonObject(0), done, PATIENCE);
        assertTrue(done.test(latest), () -> "not so in time: " + latest);
        return latest;
    }
}
