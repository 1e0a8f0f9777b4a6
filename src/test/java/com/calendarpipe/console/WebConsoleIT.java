package com.calendarpipe.console;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.apikey.KeyFormat;
import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.Pause;
import com.calendarpipe.testing.ApiClient.Session;
import com.calendarpipe.testing.ApiClient.TestAccount;
import com.calendarpipe.testing.ConsoleIT;
import com.calendarpipe.testing.FromAddress;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.ServerSettings;
import com.calendarpipe.testing.WebhookReceiver;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real headless Chromium against the deployed WAR: the API page's
 * key lifecycle and rotation, where a key was used from, the Calendars page, the password change,
 * what a Free account sees, and the headers the console is served with. Screenshots of the pages
 * land in target/screenshots/ (api-page.png, api-key-details.png, rotate-dialog.png,
 * api-page-rotated.png, calendars-page.png, webhook-panel.png, account-page.png, activity-page.png, free-plan.png, each also at 375 px,
 * where nothing may scroll sideways).
 */
class WebConsoleIT extends ConsoleIT {

    @Test
    void aKeyIsShownOnceWorksShowsItsLastUseAndStopsWhenRevoked() {
        String email = ApiClient.uniqueEmail("console");
        String password = "console passphrase " + UUID.randomUUID();

        browser.follow("sign-up", "Sign up");
        WebElement signUp = browser.driver.findElement(By.tagName("form"));
        browser.type(signUp, "email", email);
        browser.type(signUp, "displayName", "Console Tester");
        browser.type(signUp, "password", password);
        signUp.findElement(By.cssSelector("button[type=submit]")).click();
        browser.onPage("Sign in");
        assertEquals(email, browser.driver.findElement(By.name("email")).getDomProperty("value"), "sign-in offers the new email");
        browser.signIn(email, password);
        browser.onPage("Calendars");

        browser.follow("api", "API");
        WebElement generate = browser.driver.findElement(By.cssSelector("form[aria-labelledby=generate-title]"));
        browser.type(generate, "name", "Selenium key");
        generate.findElement(By.cssSelector("button[type=submit]")).click();
        String key = browser.await(By.cssSelector(".new-key input[readonly]")).getDomProperty("value");
        assertTrue(KeyFormat.isWellFormed(key), "the page shows a well-formed key: " + key.length() + " characters");
        assertTrue(browser.driver.findElement(By.cssSelector(".new-key")).getText().contains("will not be shown again"));
        assertTrue(browser.everything().contains(key), "right after Generate the key is in the page");

        WebElement row = keyRow("Selenium key");
        assertEquals(key.substring(0, KeyFormat.PREFIX_LENGTH), row.findElement(By.cssSelector("[data-label=Prefix]")).getText());
        assertEquals("Never", row.findElement(By.cssSelector(".last-used")).getText());
        assertEquals("Active", row.findElement(By.cssSelector(".key-status")).getText());

        Instant beforeUse = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Reply account = api().get("/api/v1/account", bearer(key));
        assertEquals(200, account.status(), account::toString);
        assertEquals(email, account.data().getString("email"));

        browser.follow("calendars", "Calendars");
        browser.follow("api", "API");
        assertFalse(browser.everything().contains(key), "leaving the API page forgets the key");

        // a key's first use is written at once, in the background (LastUsedRecorder): a reload or two shows it
        WebElement lastUsed = awaitLastUse("Selenium key", Duration.ofSeconds(15));
        Instant shown = Instant.parse(lastUsed.getDomAttribute("datetime"));
        assertFalse(shown.isBefore(beforeUse) || shown.isAfter(Instant.now()), "last used " + shown);
        assertFalse(lastUsed.getDomAttribute("title").isBlank(), "the exact time is on hover");
        assertFalse(browser.everything().contains(key), "after a reload the key is nowhere in the page");
        // the MCP server's URL beside the REST API's, for agents' configurations
        String origin = base.toExternalForm().replaceAll("/+$", "");
        assertEquals(origin + "/api/v1", browser.driver.findElement(By.id("rest-url")).getText());
        assertEquals(origin + "/mcp", browser.driver.findElement(By.id("mcp-url")).getText());
        browser.screenshot("api-page");

        keyRow("Selenium key").findElement(By.cssSelector("button[aria-label='Revoke Selenium key']")).click();
        WebElement dialog = browser.dialog();
        assertTrue(dialog.getText().contains("Selenium key"), dialog::getText);
        dialog.findElement(By.xpath(".//button[text()='Revoke key']")).click();
        browser.awaitText(By.cssSelector("tr .key-status"), "Revoked");

        Reply revoked = api().get("/api/v1/account", bearer(key));
        assertEquals(401, revoked.status(), revoked::toString);
        WebElement stillListed = keyRow("Selenium key");
        assertTrue(stillListed.findElement(By.cssSelector(".key-status")).getText().startsWith("Revoked"));
        assertTrue(stillListed.findElements(By.tagName("button")).isEmpty(), "a revoked key has no Revoke button");
    }

    /**
     * Where a key was last used from: the address in the Last Used cell, the client on hover, and
     * everything (with the recent addresses) in a disclosure. The user agent is the client's to
     * choose: markup in it must show as text, never run.
     */
    @Test
    void aKeysDetailsShowWhereItWasLastUsedFrom() {
        TestAccount person = api().signUp();
        Session session = api().signIn(person);
        String key = api().createKey(session, "Sync script");
        FromAddress laptop = FromAddress.fresh(base);
        String agent = "SyncScript/2.1 <img src=x onerror=\"document.title='pwned'\">";
        Reply used = laptop.send("PROPFIND", "/dav/", null, "Authorization", ApiClient.basic(person.email(), key)[1],
                "Depth", "0", "User-Agent", agent);
        assertEquals(207, used.status(), used::toString);

        browser.signIn(person.email(), person.password());
        browser.onPage("Calendars");
        browser.follow("api", "API");
        awaitLastUse("Sync script", Duration.ofSeconds(15));
        WebElement details = browser.await(By.cssSelector(".used-from"));
        WebElement summary = details.findElement(By.tagName("summary"));
        assertEquals("from " + laptop.address(), summary.getText());
        assertEquals(agent + " (CalDAV)", summary.getDomAttribute("title"), "the client on hover");
        assertFalse(details.findElement(By.cssSelector(".used-agent")).isDisplayed(), "closed until asked");

        summary.click();
        assertEquals(laptop.address(), details.findElement(By.cssSelector(".used-ip")).getText());
        assertEquals(agent, details.findElement(By.cssSelector(".used-agent")).getText(), "shown as text");
        assertEquals("CalDAV", details.findElement(By.cssSelector(".used-via")).getText());
        assertEquals(laptop.address(), details.findElement(By.cssSelector(".recent-ips")).getText());
        assertTrue(browser.driver.findElements(By.cssSelector(".used-from img")).isEmpty(), "no markup from a client");
        assertNotEquals("pwned", browser.driver.getTitle());
        assertFalse(browser.everything().contains(key), "the key is nowhere in the page");
        browser.screenshot("api-key-details");
    }

    @Test
    void rotateShowsTheNewKeyOnceAndTheOldOneUntilItsGracePeriodEnds() {
        TestAccount person = api().signUp();
        Session session = api().signIn(person);
        String old = api().createKey(session, "Deploy key");
        browser.signIn(person.email(), person.password());
        browser.follow("api", "API");

        keyRow("Deploy key").findElement(By.cssSelector("button[aria-label='Rotate Deploy key']")).click();
        WebElement dialog = browser.dialog();
        assertTrue(dialog.getText().contains("Deploy key") && dialog.getText().contains(old.substring(0, 9)), dialog::getText);
        Select grace = new Select(dialog.findElement(By.name("graceSeconds")));
        assertEquals("86400", grace.getFirstSelectedOption().getDomProperty("value"), "one day unless chosen");
        grace.selectByValue("3600");
        browser.screenshot("rotate-dialog");
        dialog.findElement(By.xpath(".//button[text()='Rotate key']")).click();

        String fresh = browser.await(By.cssSelector(".new-key input[readonly]")).getDomProperty("value");
        assertTrue(KeyFormat.isWellFormed(fresh), "a well-formed key: " + fresh.length() + " characters");
        assertTrue(browser.driver.findElement(By.cssSelector(".new-key")).getText().contains("will not be shown again"));
        assertTrue(browser.driver.findElement(By.id("new-key-title")).getText().contains("Deploy key (rotated)"));
        assertEquals(200, api().get("/api/v1/account", bearer(fresh)).status(), "the new key works at once");
        assertEquals(200, api().get("/api/v1/account", bearer(old)).status(), "the old one during its hour of grace");

        WebElement pending = keyRow("Deploy key").findElement(By.cssSelector(".key-status .revokes-at"));
        assertTrue(pending.getText().startsWith("Active, revokes at "), pending::getText);
        Instant revokesAt = Instant.parse(pending.findElement(By.tagName("time")).getDomAttribute("datetime"));
        assertTrue(Math.abs(Duration.between(Instant.now().plusSeconds(3600), revokesAt).getSeconds()) < 60, revokesAt::toString);
        assertEquals("Active", keyRow("Deploy key (rotated)").findElement(By.cssSelector(".key-status")).getText());
        browser.screenshot("api-page-rotated");

        // rotating again with no time left revokes the old key at once
        keyRow("Deploy key").findElement(By.cssSelector("button[aria-label='Rotate Deploy key']")).click();
        WebElement now = browser.dialog();
        new Select(now.findElement(By.name("graceSeconds"))).selectByValue("0");
        now.findElement(By.xpath(".//button[text()='Rotate key']")).click();
        browser.awaitText(By.xpath("//tbody/tr[td[@data-label='Name'][text()='Deploy key']]/td[@data-label='Status']"),
                "Revoked");
        assertEquals(401, api().get("/api/v1/account", bearer(old)).status());
        browser.follow("calendars", "Calendars");
        browser.follow("api", "API");
        browser.await(By.cssSelector("tbody tr"));
        assertFalse(browser.everything().contains(fresh), "leaving the page forgets the new key");
    }

    @Test
    void thePasswordIsChangedOnTheAccountPageAndOtherSessionsEnd() {
        TestAccount person = api().signUp();
        Session elsewhere = api().signIn(person);
        browser.signIn(person.email(), person.password());
        browser.follow("account", "Account");
        WebElement form = browser.await(By.cssSelector("form.password-form"));

        browser.type(form, "currentPassword", "not my password");
        browser.type(form, "newPassword", "a new console passphrase");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement current = form.findElement(By.name("currentPassword"));
        browser.awaitText(By.id(current.getDomAttribute("id") + "-error"), "is wrong");
        assertEquals(200, api().get("/api/v1/account", elsewhere.headers()).status(), "a wrong password changes nothing");

        browser.type(form, "currentPassword", person.password());
        browser.type(form, "newPassword", "a new console passphrase");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        browser.awaitText(By.cssSelector("section[aria-labelledby=password-title] .status"), "password is changed");
        browser.screenshot("account-page");
        assertEquals(401, api().get("/api/v1/account", elsewhere.headers()).status(), "the other session is over");
        browser.follow("api", "API");
        browser.await(By.cssSelector("form[aria-labelledby=generate-title]"));
        api().signIn(new TestAccount(person.id(), person.email(), "a new console passphrase"));
    }

    /**
     * The Account page says whether the email is proved (the test server sends no mail, so it is
     * not, and no link can be sent), takes a mailed code, and switches free-busy sharing.
     */
    @Test
    void theAccountPageShowsTheEmailsProofAndSwitchesFreeBusySharing() {
        TestAccount person = api().signUp();
        Session session = api().signIn(person);
        browser.signIn(person.email(), person.password());
        browser.follow("account", "Account");
        browser.awaitText(By.cssSelector(".badge.unverified"), "Not verified");
        WebElement verify = browser.await(By.cssSelector("form.verify-form"));
        browser.type(verify, "token", "not-a-code-from-any-mail");
        verify.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement code = verify.findElement(By.name("token"));
        browser.awaitText(By.id(code.getDomAttribute("id") + "-error"), "is not valid");
        browser.driver.findElement(By.xpath("//button[text()='Send a new link']")).click();
        browser.awaitText(By.cssSelector("section[aria-labelledby=verify-title] .form-error"), "sends no mail");

        WebElement share = browser.driver.findElement(By.id("share-free-busy"));
        assertFalse(share.isSelected(), "busy times are private unless shared");
        share.click();
        browser.awaitText(By.cssSelector("section[aria-labelledby=free-busy-title] .status"), "can now see when you are busy");
        assertTrue(api().get("/api/v1/account", session.headers()).data().getBoolean("shareFreeBusy"));
        browser.screenshot("account-page-proof");
        share.click();
        browser.awaitText(By.cssSelector("section[aria-labelledby=free-busy-title] .status"), "private again");
        assertFalse(api().get("/api/v1/account", session.headers()).data().getBoolean("shareFreeBusy"));
    }

    /** The API reference renders under its Content-Security-Policy (Swagger UI's styles and icons allowed, nothing else). */
    @Test
    void theApiReferenceRendersUnderItsPolicy() {
        browser.driver.get(base.toExternalForm().replaceAll("/+$", "") + "/api/docs");
        browser.await(By.cssSelector(".swagger-ui .opblock"));
        assertTrue(browser.everything().contains("/api/v1/accounts"), "the operations are listed");
        browser.screenshot("api-docs");
    }

    @Test
    void theActivityPageListsTheAccountsEventsNewestFirstAndPagesOnWithMore() {
        TestAccount person = api().signUp();
        Session session = api().signIn(person);
        // more than a page (50): sign-up, a sign-in, 52 keys, the browser's sign-in
        for (int i = 0; i < 52; i++) {
            api().createKey(session, "<b>key " + i + "</b>");
        }
        browser.signIn(person.email(), person.password());
        browser.follow("activity", "Activity");
        browser.await(By.cssSelector("table.activity tbody tr"));
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("table.activity tbody tr"));
        assertEquals(50, rows.size(), "one page");
        assertEquals("signed_in", rows.get(0).getDomAttribute("data-type"), "newest first");
        assertEquals("key_created", rows.get(1).getDomAttribute("data-type"));
        assertTrue(rows.get(1).getText().contains("name: <b>key 51</b>"), "names are text, never markup: " + rows.get(1).getText());
        assertTrue(browser.driver.findElements(By.cssSelector("table.activity b")).isEmpty(), "no markup from a name");
        browser.screenshot("activity-page");

        WebElement more = browser.await(By.cssSelector("button.more"));
        more.click();
        browser.awaitText(By.cssSelector("table.activity tbody tr:last-child"), "Signed up");
        assertEquals(55, browser.driver.findElements(By.cssSelector("table.activity tbody tr")).size());
        assertFalse(more.isDisplayed(), "no more pages");
    }

    @Test
    void calendarsAreCreatedEditedRegeneratedAndDeletedAndTheirFeedUrlCopied() {
        TestAccount person = api().signUp();
        Session session = api().signIn(person);
        // an empty account, for the console's state before the first calendar: without its default calendar
        String made = onlyCalendar(session).getString("id");
        assertEquals(204, api().send("DELETE", "/api/v1/hosted-calendars/" + made, null, session.headers()).status());
        browser.signIn(person.email(), person.password());
        browser.onPage("Calendars");
        browser.awaitText(By.cssSelector(".calendar-list"), "No calendars yet.");

        WebElement create = browser.driver.findElement(By.cssSelector("form.calendar-form"));
        browser.type(create, "name", "Team");
        browser.type(create, "timezone", "Europe/Berlin");
        browser.type(create, "color", "teal");
        create.findElement(By.cssSelector("button[type=submit]")).click();
        // the API's complaint appears at the field it names
        WebElement color = create.findElement(By.name("color"));
        browser.awaitText(By.id(color.getDomAttribute("id") + "-error"), "#RRGGBB");
        assertEquals("true", color.getDomAttribute("aria-invalid"));

        browser.type(create, "color", "#2a9d8f");
        browser.type(create, "description", "Weekly syncs");
        create.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement card = browser.await(By.cssSelector("article.calendar"));
        JsonObject stored = onlyCalendar(session);
        assertEquals("Team", stored.getString("name"));
        assertEquals("Europe/Berlin", stored.getString("timezone"));
        assertEquals("#2A9D8F", stored.getString("color"));
        String token = stored.getString("feedToken");

        browser.recordClipboard();
        card.findElement(By.cssSelector("button[aria-label='Copy ICS feed URL of Team']")).click();
        String feedUrl = browser.copiedText();
        assertEquals(base.toExternalForm().replaceAll("/+$", "") + "/feed/" + token + ".ics", feedUrl);
        Reply feed = api().get(feedUrl.substring(feedUrl.indexOf("/feed/")));
        assertEquals(200, feed.status(), feed::toString);
        assertTrue(feed.body().contains("X-WR-CALNAME:Team"), feed.body());
        browser.recordClipboard();
        card.findElement(By.cssSelector("button[aria-label='Copy webcal:// subscription URL of Team']")).click();
        assertEquals("webcal://" + base.getAuthority() + "/feed/" + token + ".ics", browser.copiedText());
        browser.screenshot("calendars-page");

        card.findElement(By.cssSelector("button[aria-label='Edit Team']")).click();
        WebElement edit = card.findElement(By.tagName("form"));
        browser.type(edit, "name", "Team renamed");
        edit.findElement(By.name("description")).clear();
        edit.findElement(By.cssSelector("button[type=submit]")).click();
        browser.awaitText(By.cssSelector("article.calendar h3"), "Team renamed");
        stored = onlyCalendar(session);
        assertEquals("Team renamed", stored.getString("name"));
        assertTrue(stored.isNull("description"), "an emptied description is cleared: " + stored);

        browser.driver.findElement(By.cssSelector("button[aria-label='Regenerate the feed URL of Team renamed']")).click();
        WebElement warning = browser.dialog();
        assertTrue(warning.getText().contains("stop working"), warning::getText);
        warning.findElement(By.xpath(".//button[text()='Regenerate']")).click();
        browser.awaitText(By.cssSelector(".status"), "new feed URL");
        String newToken = onlyCalendar(session).getString("feedToken");
        assertNotEquals(token, newToken);
        assertTrue(browser.driver.findElement(By.name("feed-url")).getDomProperty("value").contains(newToken));
        assertEquals(404, api().get("/feed/" + token + ".ics").status(), "the old feed URL stops working");

        By delete = By.cssSelector("button[aria-label='Delete Team renamed']");
        browser.driver.findElement(delete).click();
        browser.dialog().findElement(By.xpath(".//button[text()='Cancel']")).click();
        assertEquals(1, api().get("/api/v1/hosted-calendars", session.headers()).dataArray().size(), "Cancel deletes nothing");
        browser.driver.findElement(delete).click();
        browser.dialog().findElement(By.xpath(".//button[text()='Delete calendar']")).click();
        browser.awaitText(By.cssSelector(".calendar-list"), "No calendars yet.");
        assertEquals(0, api().get("/api/v1/hosted-calendars", session.headers()).dataArray().size());
        assertEquals(404, api().get("/feed/" + newToken + ".ics").status());
    }

    @Test
    void theWebhookPanelSetsAWebhookShowsItsSecretOnceAndATestPingInItsDeliveries() {
        TestAccount person = api().signUp();
        browser.signIn(person.email(), person.password());
        browser.onPage("Calendars");
        try (WebhookReceiver receiver = WebhookReceiver.on("127.0.0.1");
             ServerSettings http = ServerSettings.set(management, "webhook-allow-http", "true");
             ServerSettings open = ServerSettings.set(management, "webhook-allow-private", "127.0.0.0/8")) {
            WebElement card = browser.await(By.cssSelector("article.calendar"));
            String name = card.findElement(By.tagName("h3")).getText();
            card.findElement(By.cssSelector("button[aria-label='Webhook of " + name + "']")).click();
            WebElement panel = browser.await(By.cssSelector("section.webhook"));
            browser.awaitText(By.cssSelector("section.webhook"), "No webhook");

            WebElement form = panel.findElement(By.cssSelector("form.webhook-form"));
            browser.type(form, "url", "http://169.254.169.254/latest/meta-data/");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            WebElement url = form.findElement(By.name("url"));
            browser.awaitText(By.id(url.getDomAttribute("id") + "-error"), "public addresses");

            browser.type(form, "url", receiver.url("/console"));
            form.findElement(By.cssSelector("button[type=submit]")).click();
            String shown = browser.await(By.name("webhook-secret")).getDomProperty("value");
            assertTrue(shown.startsWith("whsec_"), shown);
            browser.driver.findElement(By.xpath("//section[contains(@class,'webhook')]//button[text()='Send test']")).click();
            browser.awaitText(By.cssSelector("section.webhook table.deliveries"), "webhook.test");
            browser.awaitText(By.cssSelector("section.webhook table.deliveries"), "delivered");
            assertEquals(1, receiver.await("/console", d -> !d.isEmpty(), Duration.ofSeconds(10)).size());
            assertTrue(browser.everything().contains(shown), "still in view after the test ping");
            browser.screenshot("webhook-panel");
            browser.driver.findElement(By.xpath("//section[contains(@class,'webhook')]//button[text()='Close']")).click();
            card.findElement(By.cssSelector("button[aria-label='Webhook of " + name + "']")).click();
            browser.awaitText(By.cssSelector("section.webhook"), "secret " + shown.substring(0, 10));
            assertTrue(browser.driver.findElements(By.name("webhook-secret")).isEmpty(), "the secret is shown once");
            assertFalse(browser.everything().contains(shown.substring(10)), "nor any more of it");
        }
    }

    @Test
    void aFreeAccountSeesWhatProUnlocksInsteadOfTheProPages() {
        TestAccount person;
        try (ServerSettings free = ServerSettings.set(management, "default-plan", "FREE")) {
            person = api().signUp();
        }
        browser.signIn(person.email(), person.password());
        browser.onPage("Account");
        assertEquals("Free", browser.driver.findElement(By.cssSelector("[data-plan]")).getText());
        assertEquals(person.email(), browser.driver.findElement(By.cssSelector(".facts dd")).getText());
        assertTrue(browser.driver.findElement(By.cssSelector(".pro-notice")).getText().contains("API keys"));
        browser.screenshot("free-plan");

        browser.follow("api", "API");
        browser.await(By.cssSelector(".pro-notice"));
        assertTrue(browser.driver.findElements(By.name("name")).isEmpty(), "no Generate form on Free");
        browser.follow("calendars", "Calendars");
        browser.await(By.cssSelector(".pro-notice"));
        assertTrue(browser.driver.findElements(By.cssSelector("form")).isEmpty(), "no calendar form on Free");
    }

    @Test
    void theConsoleIsServedAtTheRootWithHeadersThatKeepForeignCodeOut() {
        for (String path : new String[] {"/", "/assets/app.js"}) {
            Reply page = api().get(path);
            assertEquals(200, page.status(), page::toString);
            String policy = page.header("Content-Security-Policy");
            assertTrue(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
            assertEquals("nosniff", page.header("X-Content-Type-Options"));
        }
        assertTrue(api().get("/").body().contains("assets/app.js"));
    }

    private static WebElement keyRow(String name) {
        return browser.await(By.xpath("//tbody/tr[td[@data-label='Name'][text()='" + name + "']]"));
    }

    /** Reloads the API page until the key's Last Used is a time; returns that {@code <time>}. */
    private static WebElement awaitLastUse(String name, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            browser.reload("API");
            browser.await(By.cssSelector("tbody tr"));
            var times = keyRow(name).findElements(By.cssSelector(".last-used time"));
            if (!times.isEmpty()) {
                return times.get(0);
            }
            assertTrue(Instant.now().isBefore(deadline), "Last Used still says Never after " + patience);
            Pause.sleep(Duration.ofMillis(500));
        }
    }

    private JsonObject onlyCalendar(Session session) {
        Reply list = api().get("/api/v1/hosted-calendars", session.headers());
        assertEquals(200, list.status(), list::toString);
        assertEquals(1, list.dataArray().size(), list::toString);
        return list.dataArray().getJsonObject(0);
    }
}
