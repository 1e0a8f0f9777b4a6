package com.calendarpipe.console;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.account.Authenticator;
import com.calendarpipe.apikey.KeyFormat;
import com.calendarpipe.testing.ApiClient.TestAccount;
import com.calendarpipe.testing.ConsoleIT;
import com.calendarpipe.testing.Pause;
import com.calendarpipe.testing.ServerSettings;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Account page's security in a real headless Chromium: turning two-factor sign-in on from the
 * QR code it shows (the test scans it with ZXing and is the authenticator app) and signing in with a code, the sudo prompt
 * in place before Generate New Key, and deleting the account. Screenshots: mfa-enrolment.png,
 * sudo-prompt.png (in target/screenshots/).
 */
class AccountSecurityConsoleIT extends ConsoleIT {

    @Test
    void twoFactorSignInIsTurnedOnFromTheShownSeedAndAsksForACode() {
        TestAccount person = api().signUp();
        browser.signIn(person.email(), person.password());
        browser.follow("account", "Account");
        browser.await(By.id("mfa-start")).click();
        WebElement form = browser.await(By.cssSelector("form.mfa-confirm-form"));
        String uri = form.findElement(By.name("mfa-uri")).getDomProperty("value");
        // as a phone scans it: the QR code's pixels, decoded, give the link, and the link the seed
        String scanned = scan(form.findElement(By.cssSelector("svg.qr")));
        assertEquals(uri, scanned, "the QR code carries the link shown beside it");
        String secret = scanned.replaceAll(".*[?&]secret=([A-Z2-7]+).*", "$1");
        assertEquals(form.findElement(By.name("mfa-secret")).getDomProperty("value"), secret);
        browser.screenshot("mfa-enrolment");
        browser.type(form, "code", Authenticator.code(secret, 0));
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement codes = browser.await(By.cssSelector(".recovery-codes"));
        assertEquals(10, codes.findElements(By.tagName("li")).size(), codes::getText);
        assertEquals(202, api().signInReply(person).status(), "sign-in now takes two steps");

        browser.forgetSession();
        browser.open("sign-in");
        WebElement signIn = browser.driver.findElement(By.tagName("form"));
        browser.type(signIn, "email", person.email());
        browser.type(signIn, "password", person.password());
        signIn.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement code = browser.await(By.cssSelector("form.code-form"));
        browser.type(code, "code", Authenticator.code(secret, 1));
        code.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("page-title"), "Sign in")));
        browser.follow("account", "Account");
        browser.awaitText(By.cssSelector("section[aria-labelledby=mfa-title]"), "On");
    }

    /**
     * The text of the QR code the element shows, decoded by ZXing from a screenshot of it. The
     * screenshot is the code alone, upright, with its quiet zone: what ZXing's PURE_BARCODE reading
     * is for. Without that hint ZXing hunts for finder patterns as in a camera frame, and misses
     * 1 to 7 in 100 faultlessly drawn codes of this size, those of its own encoder more often than
     * ours (3 000 random setup links, measured), which made this test fail now and then.
     */
    private static String scan(WebElement code) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(code.getScreenshotAs(OutputType.BYTES)));
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            LuminanceSource source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                    Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
        } catch (IOException | ReaderException e) {
            throw new AssertionError("No readable QR code: " + e, e);
        }
    }

    @Test
    void generatingAKeyAsksForThePasswordInPlaceOnceTheSignInIsOld() {
        TestAccount person = api().signUp();
        try (ServerSettings window = ServerSettings.set(management, "sudo-window", "2")) {
            browser.signIn(person.email(), person.password());
            Pause.sleep(Duration.ofMillis(2_500));
            browser.follow("api", "API");
            WebElement generate = browser.driver.findElement(By.cssSelector("form[aria-labelledby=generate-title]"));
            browser.type(generate, "name", "after a confirmation");
            generate.findElement(By.cssSelector("button[type=submit]")).click();
            WebElement dialog = browser.dialog();
            assertTrue(dialog.getText().contains("Confirm it is you"), dialog::getText);
            browser.screenshot("sudo-prompt");
            browser.type(dialog, "password", person.password());
            dialog.findElement(By.xpath(".//button[text()='Confirm']")).click();
            String key = browser.await(By.cssSelector(".new-key input[readonly]")).getDomProperty("value");
            assertTrue(KeyFormat.isWellFormed(key), "the key, once confirmed");
            assertEquals(200, api().get("/api/v1/account", bearer(key)).status());
        }
    }

    @Test
    void theAccountIsDeletedFromTheAccountPage() {
        TestAccount person = api().signUp();
        String key = api().createKey(api().signIn(person), "dies with the account");
        browser.signIn(person.email(), person.password());
        browser.follow("account", "Account");
        assertEquals("/api/v1/account/export", browser.await(By.id("export-account")).getDomAttribute("href"));
        browser.await(By.id("delete-account")).click();
        WebElement dialog = browser.dialog();
        assertTrue(dialog.getText().contains(person.email()), dialog::getText);
        dialog.findElement(By.xpath(".//button[text()='Delete account']")).click();
        browser.onPage("Sign in");
        assertEquals(401, api().get("/api/v1/account", bearer(key)).status(), "its key at once");
        assertEquals(401, api().signInReply(person).status());
    }
}
