package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.misimport.SyntheticSchoolData;
import org.custodian.support.Axe;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Chromium;
import org.custodian.support.Fixtures;
import org.custodian.support.TermDates;
import org.custodian.support.TestClock;
import org.custodian.support.Totp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.icegreen.greenmail.util.GreenMail;

import tools.jackson.databind.json.JsonMapper;

/**
 * Accessibility checked, not claimed: axe-core runs on every page a school user can reach (found by
 * following the links each role is shown, from the school page and the pupil pages), on the pages
 * only a state reaches (a new token's secret, confirmations, a record's sensitive information, a
 * committed import, an invitation, the termly review with dormant accounts), on the platform
 * administrator's pages and on the signed-out pages, and any WCAG 2.0/2.1/2.2 A or AA violation
 * fails the test with the page, rule, impact and element. Sign-in also works with the keyboard alone.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}; without them the tests are
 * skipped, unless {@code CUSTODIAN_BROWSER_TEST=required} (set by {@code .ci/run}), when they fail.
 */
@CustodianTest
class AccessibilityBrowserIT {

    private static final Pattern RESET_LINK = Pattern.compile("https?://[^/\\s]+(/reset-password/[A-Za-z0-9_-]+)");
    private static final Pattern INVITATION_LINK = Pattern.compile("https?://[^/\\s]+(/invitations/[A-Za-z0-9_-]+)");
    /** Enough for every page of a small school; a crawl that goes past it has found a link loop. */
    private static final int MOST_PAGES_PER_ROLE = 80;

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired JsonMapper json;
    @Autowired GreenMail mail;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired org.custodian.tenancy.Tenancy tenancy;

    WebDriver driver;
    WebDriverWait wait;
    final List<Axe.Violation> violations = new ArrayList<>();
    final List<String> sideways = new ArrayList<>();
    final Set<String> checked = new LinkedHashSet<>();

    @RegisterExtension
    final AfterTestExecutionCallback screenshotOnFailure = Chromium.evidenceOnFailure(() -> driver);

    @BeforeAll
    static void chromiumIsInstalled() {
        Chromium.requireInstalled();
    }

    @BeforeEach
    void startChromium() throws IOException {
        driver = Chromium.start(false);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"SCHOOL_ADMIN", "DATA_MANAGER", "TEACHER", "DPO", "EXAM_SUPERVISOR"})
    void everyPageASchoolRoleReachesMeetsWcagAAndAA(Role role) {
        School school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        CustodianUser user = role == Role.SCHOOL_ADMIN ? admin : fixtures.user(school.id(), role);
        if (role == Role.SCHOOL_ADMIN) {
            // The agreement as a school first sees it: the form to accept it.
            signInAndEnrol(admin);
            open("/school/agreement");
            check("/school/agreement (not yet accepted)");
        }
        fixtures.acceptAgreement(school.id(), admin);
        var pupil = fixtures.newPupil();
        Browser dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
        var created = dataManager.api("POST", "/api/v1/pupils", pupil.json(), "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(created.statusCode()).isEqualTo(201);
        String rightsRequest = aRightsRequestAbout(school, json.readTree(created.body()).get("id").asString());
        String legalHold = aLegalHoldOn(school, json.readTree(created.body()).get("id").asString());
        uploadAnImportToPreview(school, dataManager);
        if (role != Role.SCHOOL_ADMIN) {
            signInAndEnrol(user);
        }

        // The purpose question comes before any pupil page; answering it opens them to the crawl.
        open("/pupils/purpose");
        check(path());
        driver.findElements(By.cssSelector("input[name=purpose]")).stream().findFirst().ifPresent(radio -> {
            radio.click();
            type("reason", "Checking that the pages can be used by everyone");
            submit();
            wait.until(driver -> !path().startsWith("/pupils/purpose"));
        });

        List<String> start = new ArrayList<>(List.of("/school", "/pupils", "/pupils/new", "/pupils/readmissions",
                "/account/password", "/no-such-page", role == Role.SCHOOL_ADMIN ? "/platform/schools" : "/school/users"));
        if (role == Role.SCHOOL_ADMIN || role == Role.DPO) {
            start.addAll(List.of("/school/legal-holds", legalHold, legalHold + "/lift"));
        }
        crawl(start);

        // Forms as they come back with their error summaries, and a search's results.
        for (String form : List.of("/account/password", "/pupils/new", "/school/users/invite", "/school/api-tokens/new",
                "/school/support-access/new", "/school/rights-requests/new", rightsRequest, "/school/legal-holds/new",
                legalHold)) {
            open(form);
            if (!driver.findElements(By.cssSelector("#main-content form button[type=submit]")).isEmpty()) {
                submit();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("footer")));
                check(path() + " (sent empty, from " + form + ")");
            }
        }
        open("/pupils");
        if (!driver.findElements(By.id("search-form")).isEmpty()) {
            type("name", pupil.surname());
            Chromium.clickThrough(wait, By.cssSelector("#search-form button[type=submit]"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("footer")));
            check(path() + " (search results)");
        }

        assertThat(checked).as("pages checked for %s", role).contains("/school", "/account/password");
        if (role == Role.SCHOOL_ADMIN || role == Role.DPO) {
            assertThat(checked).as("rights request pages checked for %s", role).contains("/school/rights-requests",
                    "/school/rights-requests/new", rightsRequest,
                    "/school/rights-requests/new (sent empty, from /school/rights-requests/new)",
                    rightsRequest + "/steps (sent empty, from " + rightsRequest + ")");
            assertThat(checked).as("legal hold pages checked for %s", role).contains("/school/legal-holds",
                    "/school/legal-holds/new", legalHold, legalHold + "/lift",
                    "/school/legal-holds/new (sent empty, from /school/legal-holds/new)",
                    legalHold + "/reviews (sent empty, from " + legalHold + ")");
        }
        open(role == Role.SCHOOL_ADMIN ? "/platform/schools" : "/school/users");
        assertThat(driver.findElement(By.tagName("h1")).getText()).as("a refused page is the error page")
                .isEqualTo("You do not have access to this page");
        assertNoViolations();
    }

    @Test
    void theSignedOutPagesMeetWcagAAndAA() throws Exception {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        for (String page : List.of("/login", "/login?signed-out", "/login?maintenance", "/login?school-closed",
                "/forgot-password", "/forgot-password/sent", "/reset-password/not-a-real-link",
                "/invitations/not-a-real-link", "/no-such-page", "/cookies")) {
            open(page);
            check(page);
        }

        // The sign-in form with its error summary.
        open("/login");
        type("username", teacher.getUsername());
        type("password", "not-the-password");
        submit();
        wait.until(ExpectedConditions.urlContains("/login?"));
        check(path() + " (wrong password)");

        // A real reset link from the email, and the form it opens.
        int before = mail.getReceivedMessages().length;
        open("/forgot-password");
        type(driver.findElement(By.cssSelector("#main-content form input[type=email], #main-content form input[type=text]"))
                .getDomAttribute("id"), teacher.getUsername());
        submit();
        wait.until(ExpectedConditions.urlContains("/forgot-password/sent"));
        open(resetLinkFor(teacher, before));
        check("/reset-password/{token}");

        assertNoViolations();
    }

    /**
     * Pages a crawl cannot reach because they show a state: a new API token's secret, the switch-off
     * confirmation of an optional category, a pupil's record with its sensitive information shown,
     * a refused pupil page, a committed import's result, the access log with pupils to choose from
     * and a pupil found, and an invitation as its invitee opens it. One helper per state.
     */
    @Test
    void thePagesOfAStateMeetWcagAAndAA() throws Exception {
        School school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        Browser dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
        Fixtures.TestPupil amira = fixtures.newPupil();
        Fixtures.TestPupil other = fixtures.newPupil();
        UUID pupil = create(dataManager, amira);
        create(dataManager, new Fixtures.TestPupil(other.upn(), other.forename(), amira.surname(), other.dateOfBirth()));
        String importPage = uploadAnImportToPreview(school, dataManager);
        signInAndEnrol(admin);

        aNewApiTokenShowingItsSecretOnce();
        anOptionalCategorySwitchedOnThenItsSwitchOffConfirmation();
        aPupilRecordWithItsSensitiveInformationShown(pupil);
        aRefusedPupilPage();
        aCommittedImportsResult(importPage);
        theAccessLogWithPupilsToChooseFromAndOneFound(amira.surname());
        anInvitationAsItsInviteeOpensIt();

        assertThat(checked).hasSizeGreaterThanOrEqualTo(12);
        assertNoViolations();
    }

    /** The termly review in progress with dormant accounts, and the confirmation that disables them. */
    @Test
    void theTermlyReviewWithDormantAccountsMeetsWcagAAndAA() {
        java.time.Instant start = clock.instant();
        try {
            School school = fixtures.school();
            new TermDates(jdbc, tenancy, clock).termStartingInTwoDays(school.id());
            CustodianUser admin = fixtures.schoolAdmin(school.id());
            fixtures.acceptAgreement(school.id(), admin);
            fixtures.user(school.id(), Role.TEACHER);
            fixtures.user(school.id(), Role.EXAM_SUPERVISOR);
            clock.advance(Duration.ofDays(2)); // the term starts: its review opens
            clock.advance(Duration.ofDays(91)); // nobody has used the two accounts since they were made
            fixtures.signedIn(port, admin); // enrols the authenticator
            signIn(admin);

            crawl(List.of("/school/reviews"), "/school/reviews");
            assertThat(checked).as("the review and its dormant confirmation were reached")
                    .anyMatch(page -> page.matches("/school/reviews/[0-9a-f-]{36}"))
                    .anyMatch(page -> page.matches("/school/reviews/[0-9a-f-]{36}/dormant"));
            String review = checked.stream().filter(page -> page.matches("/school/reviews/[0-9a-f-]{36}")).findFirst()
                    .orElseThrow();
            open(review);
            driver.findElement(By.cssSelector("#main-content form button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("footer")));
            check(review + " (sent with no decision)");
            assertNoViolations();
        } finally {
            clock.set(start);
        }
    }

    /**
     * Every error a person can meet, as the page the browser shows: in the layout with the role's
     * navigation and a next step, checked by axe and for reflow like every other page.
     */
    @Test
    void everyErrorPageMeetsWcagAAndAA() {
        open("/css/no-such-file.css");
        check("404 signed out");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
        assertThat(driver.findElement(By.id("home-link")).getText()).isEqualTo("Go to the sign-in page");

        School school = fixtures.school();
        fixtures.acceptAgreement(school.id(), fixtures.schoolAdmin(school.id()));
        signInAndEnrol(fixtures.user(school.id(), Role.TEACHER));
        java.util.Map<String, String> headings = new java.util.LinkedHashMap<>();
        headings.put("/no-such-page", "Page not found");
        headings.put("/school/users", "You do not have access to this page");
        headings.put("/pupils/not-an-id", "Sorry, this request could not be understood");
        headings.put(ErrorProbeController.PATH + "/400", "Sorry, this request could not be understood");
        headings.put(ErrorProbeController.PATH + "/403", "You do not have access to this page");
        headings.put(ErrorProbeController.PATH + "/405", "This page cannot be used that way");
        headings.put(ErrorProbeController.PATH + "/409", "This could not be done");
        headings.put(ErrorProbeController.PATH + "/413", "The file is too large");
        headings.put(ErrorProbeController.PATH + "/500", "Sorry, there is a problem with the service");
        headings.forEach((page, heading) -> {
            open(page);
            check(page + " (error page)");
            assertThat(driver.findElement(By.tagName("h1")).getText()).as(page).isEqualTo(heading);
            assertThat(driver.findElements(By.cssSelector("nav[aria-label=Menu] a"))).as("the role's navigation on " + page)
                    .isNotEmpty();
            assertThat(driver.findElement(By.id("home-link")).getText()).isEqualTo("Go to your home page");
        });

        // The navigation: at 320 pixels behind a Menu button that works without script; at 1280 always shown.
        open("/school");
        By menuButton = By.cssSelector("#menu > summary");
        By firstLink = By.cssSelector("#menu a");
        viewport(320);
        assertThat(visible(menuButton)).as("the Menu button at 320 px").isTrue();
        assertThat(visible(firstLink)).as("the links at 320 px, folded").isFalse();
        driver.findElement(menuButton).click();
        assertThat(visible(firstLink)).as("the links at 320 px, opened").isTrue();
        check("/school (menu opened at 320 px)");
        driver.navigate().refresh();
        viewport(1280);
        assertThat(visible(menuButton)).as("the Menu button at 1280 px").isFalse();
        assertThat(visible(firstLink)).as("the links at 1280 px").isTrue();
        boolean reached = false;
        for (int presses = 0; presses < 6 && !reached; presses++) {
            keys(Keys.TAB);
            reached = Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                    "return document.activeElement.closest('#menu a') !== null;"));
        }
        assertThat(reached).as("Tab reaches the menu's links at 1280 px").isTrue();
        assertNoViolations();
    }

    /** A platform administrator's pages, from the list of schools, and a school registered through the form. */
    @Test
    void thePlatformPagesMeetWcagAAndAA() {
        fixtures.school();
        CustodianUser operator = fixtures.platformAdmin();
        signInAndEnrol(operator);

        crawl(List.of("/platform/schools", "/platform/schools/new", "/platform/agreements", "/platform/maintenance",
                "/platform/sessions", "/platform/backups", "/account/password"), "/platform");
        open("/platform/schools/new");
        submit();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("footer")));
        check("/platform/schools/new (sent empty)");
        aSchoolRegisteredThroughTheForm();

        assertThat(checked).contains("/platform/schools", "/platform/agreements", "/platform/maintenance", "/platform/backups");
        assertNoViolations();
    }

    private void aNewApiTokenShowingItsSecretOnce() {
        open("/school/api-tokens/new");
        type("label", "SIMS nightly export");
        if (!driver.findElement(By.id("scope-import")).isSelected()) {
            driver.findElement(By.id("scope-import")).sendKeys(Keys.SPACE);
        }
        submit();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("secret")));
        check(path() + " (the new token's secret)");
    }

    private void anOptionalCategorySwitchedOnThenItsSwitchOffConfirmation() {
        open("/school/pupil-categories");
        driver.findElement(By.cssSelector("#main-content form[action$='/on'] button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a[href$='/off']")));
        check(path() + " (a category switched on)");
        open(URI.create(driver.findElement(By.cssSelector("a[href$='/off']")).getDomProperty("href")).getRawPath());
        check(path() + " (switch-off confirmation)");
    }

    private void aPupilRecordWithItsSensitiveInformationShown(UUID pupil) {
        open("/pupils/purpose?next=/pupils/" + pupil);
        driver.findElement(By.cssSelector("input[name=purpose]")).click();
        type("reason", "Checking that the pages can be used by everyone");
        submit();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sensitive-form")));
        driver.findElement(By.cssSelector("#sensitive-form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".govuk-error-summary")));
        check("/pupils/{id}/sensitive (sent without a reason)");
        type("reason", "Planning the school trip's dietary arrangements");
        driver.findElement(By.cssSelector("#sensitive-form button[type=submit]")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("sensitive-form")));
        check("/pupils/{id}/sensitive (shown)");
    }

    private void aRefusedPupilPage() {
        open("/pupils/" + UUID.randomUUID());
        check("/pupils/{unknown id} (refused)");
    }

    private void aCommittedImportsResult(String importPage) {
        open(importPage);
        driver.findElement(By.cssSelector("#main-content form[action$='/commit'] button")).click();
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(browser -> {
            if (browser.findElements(By.id("result")).isEmpty()) {
                browser.navigate().refresh();
                return false;
            }
            return true;
        });
        check(importPage + " (committed)");
    }

    private void theAccessLogWithPupilsToChooseFromAndOneFound(String sharedSurname) {
        open("/school/access-log");
        check("/school/access-log (pupils named)");
        type("pupilName", sharedSurname);
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("lookupPurpose")))
                .selectByValue("SUBJECT_RIGHTS_REQUEST");
        type("lookupReason", "Subject access request SAR-1");
        driver.findElement(By.cssSelector("#main-content form[action$='/find'] button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("footer")));
        assertThat(driver.findElements(By.id("pupil-choices"))).as("two pupils share the surname").isNotEmpty();
        check("/school/access-log/find (pupils to choose from)");
        driver.findElement(By.cssSelector("#pupil-choices button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pupil-found")));
        check("/school/access-log/find (one pupil found)");
    }

    /** A legal hold on the pupil, placed by the school's DPO, so the crawl reaches a hold's page and its lifting. */
    private String aLegalHoldOn(School school, String pupilId) {
        Browser dpo = fixtures.signedIn(port, fixtures.user(school.id(), Role.DPO));
        var placed = dpo.api("POST", "/api/v1/legal-holds", """
                {"scope": "PUPIL", "subjectId": "%s", "reason": "A claim", "reviewOn": "%s"}""".formatted(pupilId,
                LocalDate.now(clock.withZone(java.time.ZoneId.of("Europe/London"))).plusMonths(1)));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        return "/school/legal-holds/" + json.readTree(placed.body()).get("id").asString();
    }

    /** A pupil created through the API; its id. */
    /** A request in the school's rights register, recorded by its DPO, so the crawl reaches a request's page. */
    private String aRightsRequestAbout(School school, String pupilId) {
        Browser dpo = fixtures.signedIn(port, fixtures.user(school.id(), Role.DPO));
        var recorded = dpo.api("POST", "/api/v1/rights-requests", """
                {"type": "ACCESS", "subjectKind": "PUPIL", "subjectId": "%s", "requesterKind": "PARENT_OR_CARER",
                 "requester": "A parent", "channel": "EMAIL", "receivedOn": "%s"}""".formatted(pupilId,
                LocalDate.now(clock.withZone(java.time.ZoneId.of("Europe/London"))).minusDays(1)));
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        return "/school/rights-requests/" + json.readTree(recorded.body()).get("id").asString();
    }

    private static UUID create(Browser dataManager, Fixtures.TestPupil pupil) {
        var created = dataManager.api("POST", "/api/v1/pupils", pupil.json(), "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(created.statusCode()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(created.body());
        assertThat(id.find()).as("the new pupil's id").isTrue();
        return UUID.fromString(id.group(1));
    }

    /** Last, as it leaves the admin's session: the invitee opens their link in a fresh browser session. */
    private void anInvitationAsItsInviteeOpensIt() throws Exception {
        String email = "invitee-" + UUID.randomUUID() + "@example.org";
        int before = mail.getReceivedMessages().length;
        open("/school/users/invite");
        type("name", "Ivy Invitee");
        type("email", email);
        driver.findElement(By.cssSelector("input[name=role][value=TEACHER]")).click();
        submit();
        wait.until(ExpectedConditions.urlMatches(".*/school/users/[0-9a-f-]{36}$"));
        String link = emailedLink(email, INVITATION_LINK, before);
        driver.manage().deleteAllCookies();
        open(link);
        check("/invitations/{token}");
        type("password", "short");
        type("confirmPassword", "different");
        submit();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".govuk-error-summary")));
        check("/invitations/{token} (refused password)");
    }

    private void aSchoolRegisteredThroughTheForm() {
        String suffix = String.valueOf(100_000 + (int) (Math.random() * 800_000));
        open("/platform/schools/new");
        type("urn", suffix);
        type("laCode", "8" + suffix.substring(0, 2));
        type("establishmentNumber", suffix.substring(2));
        type("name", "Registered Through The Form School");
        driver.findElement(By.id("nation")).click();
        type("contactName", "Casey Contact");
        type("contactEmail", "contact-" + suffix + "@example.org");
        type("firstAdminName", "Ada Admin");
        type("firstAdminEmail", "admin-" + suffix + "@example.org");
        submit();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "School registered"));
        check("/platform/schools/new (registered, with the first admin's one-time password)");
    }

    /** The checker itself: a page that is not HTML for people (the API's JSON) has violations. */
    @Test
    void theCheckerFindsViolationsWhereThereAreSome() {
        open("/api/v1/pupils");
        assertThat(Axe.violations(driver, "/api/v1/pupils")).extracting(Axe.Violation::rule)
                .contains("document-title", "html-has-lang");
    }

    /**
     * Keyboard alone: from a fresh page, Tab reaches the username, then the password, Enter submits;
     * on the authenticator step Tab reaches the code field and Enter submits; the school page opens.
     */
    @Test
    void aUserSignsInWithTheKeyboardAlone() {
        School school = fixtures.school();
        fixtures.acceptAgreement(school.id(), fixtures.schoolAdmin(school.id()));
        CustodianUser teacher = fixtures.user(school.id(), Role.TEACHER);
        fixtures.signedIn(port, teacher); // enrols the authenticator, so this sign-in asks for a code

        open("/login");
        tabTo("username");
        keys(teacher.getUsername());
        keys(Keys.TAB);
        assertThat(driver.switchTo().activeElement().getDomAttribute("id")).as("Tab from the username").isEqualTo("password");
        keys(Fixtures.PASSWORD, Keys.ENTER);

        wait.until(ExpectedConditions.urlContains("/sign-in/two-factor"));
        check("/sign-in/two-factor");
        open("/sign-in/recovery-code");
        check("/sign-in/recovery-code");
        open("/sign-in/two-factor");
        tabTo("code");
        keys(fixtures.nextCode(teacher), Keys.ENTER);

        wait.until(ExpectedConditions.urlMatches(".*/school$"));
        assertThat(driver.findElement(By.tagName("main")).getText()).contains(school.name());
        assertNoViolations();
    }

    /** A data manager uploads a pupil file; the import waits at its preview (listed on /imports for those who see it). */
    private String uploadAnImportToPreview(School school, Browser dataManager) {
        var file = new java.io.ByteArrayOutputStream();
        new SyntheticSchoolData(new SyntheticSchoolData.Settings(school.urn(), school.laCode(),
                school.establishmentNumber(), 12, 2, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))).writeCsv(file);
        var uploaded = dataManager.upload("/imports", "pupils.csv", file.toByteArray(), java.util.Map.of(),
                "Accept", "text/html");
        assertThat(uploaded.statusCode()).isEqualTo(302);
        String page = uploaded.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
        long deadline = System.currentTimeMillis() + 30_000;
        while (!dataManager.get(page).body().contains("Preview ready")) {
            assertThat(System.currentTimeMillis()).as("the import's preview is ready").isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return page;
    }

    /** Presses Tab until the field of this id has the focus; fails if it is not within the page's first stops. */
    private void tabTo(String id) {
        for (int presses = 0; presses < 15; presses++) {
            keys(Keys.TAB);
            if (id.equals(driver.switchTo().activeElement().getDomAttribute("id"))) {
                return;
            }
        }
        fail("Tab did not reach #" + id + " on " + path());
    }

    private void keys(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Follows every link on every page reached from the starting pages, checking each page once. */
    private void crawl(List<String> start) {
        crawl(start, "/");
    }

    /** As {@link #crawl(List)}, following only links to paths that start with {@code within}. */
    private void crawl(List<String> start, String within) {
        Deque<String> queue = new ArrayDeque<>(start);
        Set<String> seen = new LinkedHashSet<>(start);
        while (!queue.isEmpty()) {
            String page = queue.removeFirst();
            open(page);
            check(page);
            for (String link : linksOnThePage()) {
                if (link.startsWith(within) && seen.size() < MOST_PAGES_PER_ROLE && seen.add(link)) {
                    queue.addLast(link);
                }
            }
        }
    }

    private List<String> linksOnThePage() {
        List<String> links = new ArrayList<>();
        for (WebElement anchor : driver.findElements(By.cssSelector("a[href]"))) {
            URI uri = URI.create(anchor.getDomProperty("href"));
            String local = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            boolean thisSite = "localhost".equals(uri.getHost()) && uri.getPort() == port;
            boolean aPage = !local.endsWith(".csv") && !local.contains("/download") && !local.startsWith("/logout")
                    && !local.startsWith("/api/");
            if (thisSite && aPage) {
                links.add(local);
            }
        }
        return links;
    }

    /** First sign-in through the pages (password, authenticator enrolment, recovery codes), each page checked. */
    private void signInAndEnrol(CustodianUser user) {
        open("/login");
        type("username", user.getUsername());
        type("password", Fixtures.PASSWORD);
        submit();
        wait.until(ExpectedConditions.urlContains("/account/two-factor/setup"));
        check("/account/two-factor/setup");
        type("code", Totp.code(driver.findElement(By.id("manual-key")).getText().replace(" ", ""), clock.instant()));
        submit();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#recovery-codes li"), 10));
        check("/account/two-factor/setup (recovery codes)");
        submit();
        wait.until(ExpectedConditions.urlMatches(".*/(school|platform/schools)$"));
    }

    /** Signs in an account whose authenticator {@link Fixtures} enrolled. */
    private void signIn(CustodianUser user) {
        open("/login");
        type("username", user.getUsername());
        type("password", Fixtures.PASSWORD);
        submit();
        wait.until(ExpectedConditions.urlContains("/sign-in/two-factor"));
        type("code", fixtures.nextCode(user));
        submit();
        wait.until(ExpectedConditions.urlMatches(".*/school$"));
    }

    /**
     * Axe at 1280 CSS pixels, and reflow (WCAG 1.4.10) at 320 and at 1280: the page must not be wider
     * than the viewport, so nobody has to scroll sideways to read it. A wide table scrolls in its own
     * box instead. The viewport is set through the browser's device emulation, in CSS pixels.
     */
    private void check(String page) {
        checked.add(page);
        for (int width : new int[] {320, 1280}) {
            viewport(width);
            Object wider = ((JavascriptExecutor) driver).executeScript(WIDER_THAN_THE_VIEWPORT);
            if (wider instanceof String culprits && !culprits.isEmpty()) {
                sideways.add(page + " at " + width + " px: " + culprits);
            }
        }
        violations.addAll(Axe.violations(driver, page));
    }

    /** How far the page is wider than the viewport, and the widest elements that stick out; empty when it fits. */
    private static final String WIDER_THAN_THE_VIEWPORT = """
            const root = document.documentElement;
            const over = root.scrollWidth - root.clientWidth;
            if (over <= 0) { return ''; }
            const out = [];
            const clipped = e => {
              if (['absolute', 'fixed'].includes(getComputedStyle(e).position)) { return false; }
              for (let p = e.parentElement; p; p = p.parentElement) {
                if (getComputedStyle(p).overflowX !== 'visible') { return true; }
              }
              return false;
            };
            for (const e of document.body.querySelectorAll('*')) {
              const r = e.getBoundingClientRect();
              if (r.right > root.clientWidth + 1 && out.length < 5 && !clipped(e)) {
                out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                    + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '')
                    + ' (right edge ' + Math.round(r.right) + ')');
              }
            }
            return over + ' px too wide; ' + out.join(', ');
            """;

    /**
     * Rendered and not hidden: the browser's own check, which knows that a closed details element
     * hides its content only as its style says (Selenium's isDisplayed assumes it always does).
     */
    private boolean visible(By element) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return arguments[0].checkVisibility({visibilityProperty: true});", driver.findElement(element)));
    }

    private void viewport(int width) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                java.util.Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", false));
    }

    private void assertNoViolations() {
        if (!sideways.isEmpty()) {
            fail(sideways.size() + " page state(s) scroll sideways (WCAG 1.4.10):\n" + String.join("\n", sideways)
                    + "\nPages checked: " + checked);
        }
        if (!violations.isEmpty()) {
            fail(violations.size() + " WCAG A/AA violation(s) on " + checked.size() + " pages:\n"
                    + violations.stream().map(Axe.Violation::toString).collect(Collectors.joining("\n"))
                    + "\nPages checked: " + checked);
        }
    }

    private String resetLinkFor(CustodianUser user, int mailsBefore) throws Exception {
        return emailedLink(user.getUsername(), RESET_LINK, mailsBefore);
    }

    /** The path of the first link matching {@code link} in an email to {@code address} sent after the first {@code mailsBefore}. */
    private String emailedLink(String address, Pattern link, int mailsBefore) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            MimeMessage[] received = mail.getReceivedMessages();
            for (int i = mailsBefore; i < received.length; i++) {
                var to = received[i].getRecipients(Message.RecipientType.TO);
                if (to != null && to.length > 0 && to[0].toString().equalsIgnoreCase(address)) {
                    Matcher matcher = link.matcher(String.valueOf(received[i].getContent()));
                    assertThat(matcher.find()).as("a link in the email").isTrue();
                    return matcher.group(1);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No email with the link arrived");
    }

    private String path() {
        URI uri = URI.create(driver.getCurrentUrl());
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private void open(String path) {
        Chromium.open(driver, port, path);
    }

    private void type(String id, String text) {
        Chromium.type(wait, id, text);
    }

    /** Submits the page's form and waits for the answer to replace the page, so the check sees the answer. */
    private void submit() {
        Chromium.clickThrough(wait, By.cssSelector("#main-content form button[type=submit]"));
    }
}
