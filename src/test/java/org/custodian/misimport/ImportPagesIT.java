package org.custodian.misimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The data manager's pages: upload, live progress, preview, commit, history and report. */
@CustodianTest
class ImportPagesIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    @Test
    void aDataManagerUploadsWatchesThePreviewAndCommits() {
        School school = fixtures.school();
        fixtures.acceptAgreement(school.id(), fixtures.schoolAdmin(school.id()));
        Browser browser = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
        assertThat(browser.get("/imports").body()).contains("Import pupil data", "enctype=\"multipart/form-data\"");

        var file = new ByteArrayOutputStream();
        new SyntheticSchoolData(new SyntheticSchoolData.Settings(school.urn(), school.laCode(),
                school.establishmentNumber(), 40, 5, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))).writeCsv(file);
        HttpResponse<String> uploaded = browser.upload("/imports", "pupils.csv", file.toByteArray(), Map.of(),
                "Accept", "text/html");
        assertThat(uploaded.statusCode()).isEqualTo(302);
        String page = uploaded.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
        assertThat(page).matches("/imports/[0-9a-f-]{36}");

        String preview = waitUntilDone(browser, page);
        assertThat(preview).contains("Preview ready", "data-count=\"new\">40<", "id=\"commit\"");

        HttpResponse<String> committed = browser.postForm(page, page + "/commit", Map.of());
        assertThat(committed.statusCode()).isEqualTo(302);
        assertThat(waitUntilDone(browser, page)).contains("Import saved", "What the import did");

        HttpResponse<String> report = browser.api("GET", page + "/report.csv", null, "Accept", "text/html,*/*;q=0.8");
        assertThat(report.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(report.body()).contains("result,new,40");
        assertThat(browser.get("/imports").body()).contains("Committed");

        Browser teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
        assertThat(teacher.get("/imports").statusCode()).isEqualTo(403);
    }

    /** A browser sends a form with no file chosen as a file part with an empty name and no bytes. */
    @Test
    void anUploadWithNoFileChosenIsAFormErrorAndLeavesNoImportBehind() {
        School school = fixtures.school();
        fixtures.acceptAgreement(school.id(), fixtures.schoolAdmin(school.id()));
        Browser browser = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));

        HttpResponse<String> sent = browser.upload("/imports", "", new byte[0], Map.of(), "Accept", "text/html");

        assertThat(sent.statusCode()).isEqualTo(302);
        assertThat(sent.headers().firstValue("Location").orElseThrow()).endsWith("/imports");
        assertThat(browser.get("/imports").body()).contains("govuk-error-summary", "<a href=\"#file\">Choose a CTF (.xml) or CSV file to import.</a>",
                "id=\"file-error\"", "aria-describedby=\"file-error\"");
        long imports = tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from import_job where school_id = ?")
                .param(school.id()).query(Long.class).single());
        assertThat(imports).as("no import was recorded").isZero();
    }

    /** The column reference is a page in the app, from the reader's own alias table, with categories in words. */
    @Test
    void theCsvColumnReferenceIsAPageInTheApp() {
        School school = fixtures.school();
        Browser browser = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));

        assertThat(browser.get("/imports").body()).contains("href=\"/imports/columns\"").doesNotContain("docs/csv-columns.md");
        HttpResponse<String> page = browser.get("/imports/columns");

        assertThat(page.statusCode()).isEqualTo(200);
        for (var column : org.custodian.misimport.internal.CsvColumns.Column.values()) {
            assertThat(page.body()).contains(">" + column.label() + "<");
            column.aliases().forEach(alias -> assertThat(page.body()).contains("<code>" + alias + "</code>"));
        }
        assertThat(page.body()).contains("Free school meals eligibility").doesNotContain("FSM_ELIGIBLE", "ETHNICITY");
    }

    @Test
    void twoUploadsOfTheSameContentAreToldApartByNameUploaderAndYear() {
        School school = fixtures.school();
        fixtures.acceptAgreement(school.id(), fixtures.schoolAdmin(school.id()));
        Browser browser = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
        var file = new ByteArrayOutputStream();
        new SyntheticSchoolData(new SyntheticSchoolData.Settings(school.urn(), school.laCode(),
                school.establishmentNumber(), 10, 2, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))).writeCsv(file);

        String autumn = uploadAndPreview(browser, "autumn-census.csv", file.toByteArray());
        String spring = uploadAndPreview(browser, "C:\\Exports\\spring-census.csv", file.toByteArray());
        String autumnPage = waitUntilDone(browser, "/imports/" + autumn);
        assertThat(autumnPage).contains("autumn-census.csv", "uploaded by <span>Test DATA_MANAGER</span>");
        String year = autumnPage.replaceFirst("(?s).*id=\"academic-year\">([^<]+)<.*", "$1");
        assertThat(year).matches("\\d{4}/\\d{2}");

        String history = browser.get("/imports").body();
        assertThat(row(history, autumn)).contains("autumn-census.csv", "Test DATA_MANAGER", year)
                .doesNotContain("spring-census.csv");
        assertThat(row(history, spring)).as("the path a browser sent is left out")
                .contains(">spring-census.csv<", "Test DATA_MANAGER", year).doesNotContain("autumn-census.csv", "Exports");

        byte[] stored = tenancy.inSchool(school.id(), () -> jdbc.sql(
                "select file_name from import_job where school_id = ? and id = ?").params(school.id(), UUID.fromString(autumn))
                .query(byte[].class).single());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).as("stored encrypted").doesNotContain("census");
        tenancy.inSchool(school.id(), () -> jdbc.sql("update import_job set file_name = ? where school_id = ? and id = ?")
                .params(stored, school.id(), UUID.fromString(spring)).update());
        assertThat(row(browser.get("/imports").body(), spring)).as("a name copied onto another import does not open")
                .contains("No name given").doesNotContain("census");
    }

    /** Uploads the file under that name and waits for its preview; returns the import's id. */
    private static String uploadAndPreview(Browser browser, String name, byte[] content) {
        HttpResponse<String> uploaded = browser.upload("/imports", name, content, Map.of(), "Accept", "text/html");
        assertThat(uploaded.statusCode()).isEqualTo(302);
        String page = uploaded.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
        waitUntilDone(browser, page);
        return page.substring("/imports/".length());
    }

    /** The history table's row of one import. */
    private static String row(String history, String id) {
        int start = history.indexOf("id=\"import-" + id + "\"");
        assertThat(start).as("the import is in the history").isNotNegative();
        return history.substring(start, history.indexOf("</tr>", start));
    }

    /** Polls the progress fragment as htmx would, until it asks for a refresh; returns the full page. */
    private static String waitUntilDone(Browser browser, String page) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> progress = browser.get(page + "/progress");
            assertThat(progress.statusCode()).isEqualTo(200);
            if (progress.headers().firstValue("HX-Refresh").isPresent()) {
                return browser.get(page).body();
            }
            assertThat(progress.body()).contains("<progress");
            sleep();
        }
        throw new AssertionError("the import did not finish");
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
