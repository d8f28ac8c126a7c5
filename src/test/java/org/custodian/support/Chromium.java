package org.custodian.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium under Selenium for the browser tests: headless, with the flags that work on
 * these machines (PITFALLS.md), its own profile per test, and a screenshot and the page's HTML kept
 * under {@code target/} when a test fails. CI sets {@code CUSTODIAN_BROWSER_TEST=required}, so a
 * missing browser fails there instead of skipping.
 */
public final class Chromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path TARGET = Path.of("target");

    private Chromium() {
    }

    /** For {@code @BeforeAll}: skips the test class, or fails it where the browser test is required. */
    public static void requireInstalled() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        if ("required".equals(System.getenv("CUSTODIAN_BROWSER_TEST"))) {
            fail("CUSTODIAN_BROWSER_TEST=required, but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install chromium chromium-driver");
        }
        Assumptions.abort("Chromium is not installed (apt-get install chromium chromium-driver)");
    }

    /** A fresh headless browser; with {@code consoleLog}, the console (where CSP violations show) is kept. */
    public static ChromeDriver start(boolean consoleLog) throws IOException {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        Path profile = Files.createDirectories(TARGET.resolve("chromium-profile-" + UUID.randomUUID()).toAbsolutePath());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,1024");
        if (consoleLog) {
            options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        }
        return new ChromeDriver(service, options);
    }

    /**
     * For {@code @RegisterExtension}: keeps a screenshot and the page's HTML of a failed test. It runs
     * before {@code @AfterEach}, while the browser still shows the page that failed.
     */
    public static AfterTestExecutionCallback evidenceOnFailure(java.util.function.Supplier<WebDriver> driver) {
        return context -> {
            if (context.getExecutionException().isPresent() && driver.get() instanceof ChromeDriver chrome) {
                String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
                Files.copy(chrome.getScreenshotAs(OutputType.FILE).toPath(), TARGET.resolve(name + ".png"),
                        StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(TARGET.resolve(name + ".html"), chrome.getPageSource(), StandardCharsets.UTF_8);
            }
        };
    }

    /** Opens a path of the application under test. */
    public static void open(WebDriver driver, int port, String path) {
        driver.get("http://localhost:" + port + path);
    }

    /**
     * Follows a link of the navigation. The links sit in a details element (the Menu button below
     * 640 px) that CSS shows at wider widths; Selenium counts anything in a closed details element as
     * hidden, so the menu is opened first, as a person at a narrow width would.
     */
    public static void followNavigation(WebDriver driver, String text) {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "var menu = document.getElementById('menu'); if (menu) { menu.open = true; }");
        driver.findElement(By.linkText(text)).click();
    }

    /** A link of the navigation, found in the page whether or not the Menu is open. */
    public static By navigationLink(String text) {
        return By.xpath("//*[@id='menu']//a[normalize-space()='" + text + "']");
    }

    /** Types into the field with this id once it can be clicked, replacing what it held. */
    public static void type(WebDriverWait wait, String id, String text) {
        WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.id(id)));
        field.clear();
        field.sendKeys(text);
    }

    /** Submits the page's own form (the header's sign-out button is a form too). */
    public static void submit(WebDriverWait wait) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#main-content form button[type=submit]")))
                .click();
    }

    /**
     * Clicks and waits until the browser has left the page: a check made straight after a click would
     * otherwise see the old page, or the new one before its style sheets apply. A click that replaces
     * only part of the page (no navigation) stops waiting after the wait's timeout.
     */
    public static void clickThrough(WebDriverWait wait, By button) {
        org.openqa.selenium.WebElement page = wait.until(driver -> driver.findElement(By.tagName("html")));
        wait.until(ExpectedConditions.elementToBeClickable(button)).click();
        try {
            // Chrome reports a replaced page's element as stale, or as a node no longer in the document.
            wait.until(driver -> {
                try {
                    page.isEnabled();
                    return false;
                } catch (org.openqa.selenium.WebDriverException gone) {
                    return true;
                }
            });
        } catch (org.openqa.selenium.TimeoutException stayedOnThePage) {
            // Nothing to wait for: the page was updated in place.
        }
    }
}
