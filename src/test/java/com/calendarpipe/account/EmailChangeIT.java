package com.calendarpipe.account;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ApiClient.Session;
import com.calendarpipe.testing.ApiClient.TestAccount;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.TestMail;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;

/**
 * Changing the account's email: a link to the new address (read from GreenMail, a real SMTP
 * server), a notice to the old one, and nothing changed until the link is opened.
 */
class EmailChangeIT extends ClientIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @ArquillianResource
    ManagementClient management;

    @Test
    void theNewAddressProvesItselfByItsLinkAndTheOldOneIsTold() throws Exception {
        int port = TestMail.freePort();
        GreenMail smtp = TestMail.server(port);
        try (TestMail.Settings settings = TestMail.pointAt(management, port)) {
            TestAccount person = api().signUp();
            Session session = api().signIn(person);
            String key = api().createKey(session, "cannot change the email");
            TestAccount taken = api().signUp();
            String newEmail = ApiClient.uniqueEmail("moved");

            assertEquals(403, change(bearer(key), newEmail).status(), "never with a key");
            assertEquals(400, change(session.headers(), "not an address").status());
            assertEquals(400, change(session.headers(), person.email().toUpperCase()).status(), "its own, in other case");
            assertEquals(409, change(session.headers(), taken.email()).status(), "another account's");
            assertEquals(400, api().send("POST", "/api/v1/account/email", "{\"email\":7}", session.headers()).status());

            Reply asked = change(session.headers(), newEmail);
            assertEquals(202, asked.status(), asked::toString);
            assertEquals(newEmail, asked.data().getString("pendingEmail"));
            assertEquals(person.email(), asked.data().getString("email"), "nothing changes before the link");

            String link = body(TestMail.awaitMailTo(smtp, newEmail, "Confirm your new email", PATIENCE));
            Matcher token = Pattern.compile("/#change-email=([A-Za-z0-9_-]{43})").matcher(link);
            assertTrue(token.find(), link);
            String notice = body(TestMail.awaitMailTo(smtp, person.email(), "Your CalendarPipe email is being changed", PATIENCE));
            assertTrue(notice.contains(newEmail), notice);
            assertFalse(notice.contains(token.group(1)), "only the new address gets the link");
            assertEquals(200, api().signInReply(person).status(), "the old address still signs in meanwhile");

            assertEquals(400, confirm("x" + token.group(1).substring(1)).status(), "a wrong token");
            Reply confirmed = confirm(token.group(1));
            assertEquals(200, confirmed.status(), confirmed::toString);
            assertEquals(newEmail, confirmed.data().getString("email"));
            assertTrue(confirmed.data().getBoolean("emailVerified"));
            assertFalse(confirmed.data().containsKey("pendingEmail") && !confirmed.data().isNull("pendingEmail"));
            assertEquals(400, confirm(token.group(1)).status(), "a link works once");

            assertEquals(401, api().signInReply(person).status(), "the old address is no longer the account's");
            Session renewed = api().signIn(new TestAccount(person.id(), newEmail, person.password()));
            assertEquals(newEmail, api().get("/api/v1/account", renewed.headers()).data().getString("email"));
            assertEquals(207, propfind(newEmail, key).status(), "CalDAV takes the new address as user name");
            assertEquals(401, propfind(person.email(), key).status(), "and not the old one");
            Reply trail = api().get("/api/v1/audit-events?type=email_changed", renewed.headers());
            assertEquals(1, trail.dataArray().size(), trail::toString);
        } finally {
            smtp.stop();
        }
    }

    private Reply change(String[] headers, String email) {
        return api().send("POST", "/api/v1/account/email", "{\"email\":\"" + email + "\"}", headers);
    }

    private Reply propfind(String user, String key) {
        return api().send("PROPFIND", "/dav/", null, "Authorization", ApiClient.basic(user, key)[1], "Depth", "0");
    }

    private Reply confirm(String token) {
        return api().send("POST", "/api/v1/email-changes", "{\"token\":\"" + token + "\"}");
    }

    private static String body(MimeMessage message) throws Exception {
        return message.getContent().toString();
    }
}
