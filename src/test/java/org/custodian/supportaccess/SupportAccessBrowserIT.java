package org.custodian.supportaccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A school admin gives one named support engineer read-only access in a real browser (Debian
 * Chromium, headless); the engineer then signs in, picks the school and reads the pupil's record,
 * through the menu and the pages only. Every page on the way is checked with axe.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}; skipped without them unless
 * {@code CUSTODIAN_BROWSER_TEST=required}.
 */
@CustodianTest
class SupportAccessBrowserIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;

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
    void anAdminGrantsConsentAndTheNamedEngineerReadsThePupil() {
        School school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        Fixtures.TestPupil pupil = fixtures.newPupil();
        var created = fixtures.signedIn(port, admin).api("POST", "/api/v1/pupils", pupil.json(),
                "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        CustodianUser engineer = fixtures.user(null, Role.SUPPORT);
        fixtures.signedIn(port, engineer); // enrols the engineer's authenticator

        signIn(admin);
        Chromium.followNavigation(driver, "Support access");
        wait.until(ExpectedConditions.urlMatches(".*/school/support-access$"));
        check("support access, none given");
        assertThat(driver.findElement(By.id("no-grants")).getText()).contains("has not given support access");
        driver.findElement(By.linkText("Give support access")).click();
        wait.until(ExpectedConditions.urlMatches(".*/school/support-access/new$"));
        check("give support access");
        type("reason", "Ticket 3141: the import shows the wrong year group");
        type("hours", "4");
        new Select(driver.findElement(By.id("engineer"))).selectByValue(engineer.id().toString());
        submit("Give access");
        wait.until(ExpectedConditions.urlMatches(".*/school/support-access$"));
        check("support access, one live");
        assertThat(driver.findElement(By.id("grants")).getText()).contains("Live", "Read", "Core record",
                "Ticket 3141", engineer.displayName());

        driver.manage().deleteAllCookies();
        signIn(engineer);
        Chromium.followNavigation(driver, "Support access");
        wait.until(ExpectedConditions.urlMatches(".*/support/schools$"));
        check("schools that consent");
        driver.findElement(By.id("school-" + school.id())).click();
        wait.until(ExpectedConditions.urlMatches(".*/support/schools/[0-9a-f-]{36}$"));
        check("find a pupil");
        type("reason", "Ticket 3141: check the pupil's year");
        type("upn", pupil.upn());
        submit("Find");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pupils")));
        check("pupils found");
        assertThat(driver.findElement(By.id("pupils")).getText()).contains(pupil.upn());
        Chromium.clickThrough(wait, By.cssSelector("#pupils button[type=submit]"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pupil-record")));
        check("pupil record");
        assertThat(driver.findElement(By.id("pupil-name")).getText())
                .isEqualTo(pupil.forename() + " " + pupil.surname());
        assertThat(driver.findElement(By.id("pupil-upn")).getText()).isEqualTo(pupil.upn());
        assertThat(driver.getCurrentUrl()).doesNotContain(pupil.upn()).doesNotContain("Ticket");

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
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/sign-in/")));
        wait.until(ExpectedConditions.presenceOfElementLocated(Chromium.navigationLink("Support access")));
    }

    private void type(String id, String text) {
        Chromium.type(wait, id, text);
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
