package com.calendarpipe.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium on a server's web console, driven through Debian's chromedriver
 * (packages {@code chromium} and {@code chromium-driver}, which .ci/run installs), with the few
 * gestures the console tests repeat. No driver is downloaded: both paths are fixed.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int WIDE = 1280;
    private static final int NARROW = 375;

    public final ChromeDriver driver;
    private final String base;
    private final WebDriverWait wait;

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(10));
    }

    /** Starts Chromium; where it is missing, the test is skipped with the install command (failed in CI, see RealClients). */
    public static Browser start(URL base) {
        RealClients.require("Chromium and its WebDriver (" + CHROMIUM + ", " + CHROMEDRIVER + ")",
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "apt-get install -y chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium refuses to start with its sandbox
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + WIDE + ",900", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();
        return new Browser(new ChromeDriver(service, options), base.toExternalForm().replaceAll("/+$", "") + "/");
    }

    /** A fresh visitor: no session cookie, on the sign-in page. */
    public void forgetSession() {
        open("sign-in");
        driver.manage().deleteAllCookies();
        // a reload, not a new #/page (only a hash change): the console must forget the account it holds in memory
        reload("Sign in");
    }

    /** Loads the console at {@code #/page}, as typing the address would. */
    public void open(String page) {
        driver.get(base + "#/" + page);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("page-title")));
    }

    /** Follows a sidebar link and waits for its page. */
    public void follow(String page, String title) {
        driver.findElement(By.cssSelector("#nav a[href='#/" + page + "']")).click();
        onPage(title);
    }

    public void reload(String title) {
        driver.navigate().refresh();
        onPage(title);
    }

    public void onPage(String title) {
        wait.until(ExpectedConditions.textToBe(By.id("page-title"), title));
    }

    /** Types into the field named as in the API (its {@code name}) within {@code scope}. */
    public void type(WebElement scope, String name, String text) {
        WebElement field = scope.findElement(By.name(name));
        field.clear();
        field.sendKeys(text);
    }

    public void signIn(String email, String password) {
        open("sign-in");
        onPage("Sign in");
        WebElement form = driver.findElement(By.tagName("form"));
        type(form, "email", email);
        type(form, "password", password);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("page-title"), "Sign in")));
    }

    public WebElement await(By locator) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    public void awaitText(By locator, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
    }

    /** The open confirmation dialog (a modal {@code <dialog>}). */
    public WebElement dialog() {
        return await(By.cssSelector("dialog[open]"));
    }

    /**
     * Replaces the Clipboard API with a recorder: headless Chromium has no clipboard to read back,
     * and this way the test reads exactly what the Copy button handed to the clipboard.
     */
    public void recordClipboard() {
        driver.executeScript("window.copiedText = null;"
                + "Object.defineProperty(navigator, 'clipboard', {configurable: true, value: {"
                + "writeText: (text) => { window.copiedText = text; return Promise.resolve(); }}});");
    }

    public String copiedText() {
        wait.until(d -> driver.executeScript("return window.copiedText") != null);
        return (String) driver.executeScript("return window.copiedText");
    }

    /** Every text the page holds: its markup, the values of its fields (a property, not markup) and its visible text. */
    public String everything() {
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) driver.executeScript(
                "return Array.from(document.querySelectorAll('input, textarea')).map((field) => field.value);");
        return driver.getPageSource() + "\n" + String.join("\n", values) + "\n"
                + driver.findElement(By.tagName("body")).getText();
    }

    /**
     * Saves the whole page as target/screenshots/{name}.png (1280 px wide) and {name}-375px.png,
     * and fails if the narrow one scrolls sideways.
     */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            for (int width : new int[] {WIDE, NARROW}) {
                emulate(width, 900);
                long height = (Long) driver.executeScript("return document.documentElement.scrollHeight;");
                emulate(width, (int) height);
                Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                        Map.of("format", "png", "captureBeyondViewport", true));
                String file = width == WIDE ? name + ".png" : name + "-" + width + "px.png";
                Files.write(SCREENSHOTS.resolve(file), Base64.getDecoder().decode((String) shot.get("data")));
                Boolean sideways = (Boolean) driver.executeScript(
                        "return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
                assertFalse(sideways, name + " scrolls sideways at " + width + " px");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    private void emulate(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
