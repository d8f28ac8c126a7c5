package org.custodian.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Axe;
import org.custodian.support.Chromium;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A DPO answers an access request in a real browser (Debian Chromium, headless), from receipt to
 * release, through the menu and the pages only; every page on the way is checked with axe.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}; skipped without them unless
 * {@code CUSTODIAN_BROWSER_TEST=required} (set by {@code .ci/run}).
 */
@CustodianTest
class AccessRequestBrowserIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;

    WebDriver driver;
    WebDriverWait wait;
    final List<Axe.Violation> violations = new ArrayList<>();

    @RegisterExtension
    final AfterTestExecutionCallback evidence = Chromium.evidenceOnFailure(() -> driver);

    @BeforeAll
    static void chromiumIsInstalled() {
        Chromium.requireInstalled();
    }

    @BeforeEach
    void startChromium() throws IOException {
        driver = Chromium.start(true);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @AfterEach
    void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void aDpoTakesAnAccessRequestFromReceiptToRelease() {
        School school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        Fixtures.TestPupil pupil = fixtures.newPupil();
        var created = fixtures.signedIn(port, admin).api("POST", "/api/v1/pupils", pupil.json(),
                "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        CustodianUser dpo = fixtures.user(school.id(), Role.DPO);
        fixtures.signedIn(port, dpo); // enrols the DPO's authenticator
        LocalDate received = LocalDate.now(clock.withZone(ZoneId.of("Europe/London"))).minusDays(2);

        signIn(dpo);
        Chromium.followNavigation(driver, "Rights requests");
        wait.until(ExpectedConditions.urlMatches(".*/school/rights-requests$"));
        check("register");
        driver.findElement(By.linkText("Record a request")).click();
        wait.until(ExpectedConditions.urlMatches(".*/school/rights-requests/new$"));
        check("new request");

        choose("type", "ACCESS");
        choose("subjectKind", "PUPIL");
        type("pupilId", pupil.upn());
        choose("requesterKind", "PARENT_OR_CARER");
        type("requester", "Jo Example, mother");
        choose("channel", "EMAIL");
        type("receivedOn", String.valueOf(received.getDayOfMonth()));
        type("receivedOn-month", String.valueOf(received.getMonthValue()));
        type("receivedOn-year", String.valueOf(received.getYear()));
        submit("Record the request");

        wait.until(ExpectedConditions.urlMatches(".*/school/rights-requests/[0-9a-f-]{36}$"));
        check("request");
        String main = driver.findElement(By.tagName("main")).getText();
        assertThat(main).contains("The request has been recorded.", pupil.forename() + " " + pupil.surname(),
                "A parent or carer", "Jo Example, mother");

        choose("status", "IN_PROGRESS");
        submit("Record the step");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "In progress"));
        check("request in progress");
        String requestPage = driver.getCurrentUrl();

        // The bundle: built, reviewed (one file withheld, with the exemption relied on), released with a link.
        driver.findElement(By.id("bundle-link")).click();
        wait.until(ExpectedConditions.urlMatches(".*/school/rights-requests/[0-9a-f-]{36}/bundle$"));
        check("bundle, not built");
        submit("Build the bundle");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("items")));
        check("bundle to review");
        assertThat(driver.findElement(By.id("items")).getText()).contains("summary.pdf", "pupil.json", "pupil.csv",
                "access-history.json");
        String csvPosition = driver.findElements(By.cssSelector("#items tbody tr")).stream()
                .filter(row -> row.getText().startsWith("pupil.csv")).findFirst().orElseThrow()
                .findElement(By.cssSelector("input[type=checkbox]")).getDomAttribute("id").substring("withhold-".length());
        driver.findElement(By.cssSelector("label[for='withhold-" + csvPosition + "']")).click();
        type("exemption-" + csvPosition, "Names another pupil's parent (third-party data)");
        submit("Save the review");
        wait.until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.id("reviewed"), "Not yet")));
        check("bundle reviewed");
        driver.findElement(By.cssSelector("label[for='link']")).click();
        submit("Release the bundle");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("passcode")));
        check("bundle released");
        assertThat(driver.findElement(By.id("released-items")).getText()).contains("pupil.json Yes",
                "pupil.csv Withheld: Names another pupil's parent (third-party data)");
        String link = driver.findElement(By.id("download-link")).getText();
        assertThat(driver.findElement(By.id("passcode")).getText()).matches("[A-Z0-9 ]{10,14}");

        // The request is answered: completed, with the release on its timeline.
        driver.get(requestPage);
        assertThat(driver.findElement(By.id("timeline")).getText()).contains("Bundle released");
        choose("status", "COMPLETED");
        submit("Record the step");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Completed"));
        check("request completed");

        // The requester's page asks for the passcode before anything is given.
        driver.manage().deleteAllCookies();
        driver.get(link.replaceFirst("^https?://[^/]+", "http://localhost:" + port));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("passcode")));
        assertThat(driver.getTitle()).startsWith("Download your data");
        check("requester's download page");

        assertNoViolations();
    }

    private void signIn(CustodianUser user) {
        Chromium.open(driver, port, "/login");
        type("username", user.getUsername());
        type("password", Fixtures.PASSWORD);
        Chromium.submit(wait);
        wait.until(ExpectedConditions.urlContains("/sign-in/two-factor"));
        type("code", fixtures.nextCode(user));
        Chromium.submit(wait);
        wait.until(ExpectedConditions.urlMatches(".*/school$"));
    }

    private void type(String id, String text) {
        Chromium.type(wait, id, text);
    }

    /** Clicks the radio of this name with this value, by its label as a person would. */
    private void choose(String name, String value) {
        String id = driver.findElement(By.cssSelector("input[name='" + name + "'][value='" + value + "']"))
                .getDomAttribute("id");
        driver.findElement(By.cssSelector("label[for='" + id + "']")).click();
    }

    private void submit(String text) {
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//main//button[normalize-space()='" + text + "']"))).click();
    }

    private void check(String page) {
        violations.addAll(Axe.violations(driver, page));
    }

    private void assertNoViolations() {
        if (!violations.isEmpty()) {
            fail(violations.size() + " WCAG A/AA violation(s):\n"
                    + violations.stream().map(Axe.Violation::toString).collect(Collectors.joining("\n")));
        }
    }
}
