package org.custodian.schools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.misimport.SyntheticSchoolData;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TermDates;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The school's home page lists what waits for the signed-in person, and only what they may act on. */
@CustodianTest
class SchoolAttentionIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired AccessLog accessLog;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    @Test
    void eachRoleSeesTheWorkThatWaitsForIt() {
        School school = fixtures.school();
        UUID id = school.id();
        new TermDates(jdbc, tenancy, clock).termStartingInTwoDays(id);
        CustodianUser admin = fixtures.schoolAdmin(id);
        CustodianUser manager = fixtures.user(id, Role.DATA_MANAGER);
        CustodianUser dpo = fixtures.user(id, Role.DPO);
        CustodianUser teacher = fixtures.user(id, Role.TEACHER);

        assertThat(attention(fixtures.signedIn(port, admin)))
                .contains("of the information sharing agreement waits for your acceptance", "href=\"/school/agreement\"");
        assertThat(attention(fixtures.signedIn(port, teacher))).contains("Nothing needs your attention.");

        fixtures.acceptAgreement(id, admin);
        clock.advance(Duration.ofDays(2));
        Browser adminBrowser = fixtures.signedIn(port, admin);
        adminBrowser.get("/school/reviews");
        flaggedEntry(id, teacher);
        Browser managerBrowser = fixtures.signedIn(port, manager);
        previewedImport(managerBrowser, school);

        String adminSees = attention(adminBrowser);
        assertThat(adminSees).contains("4 accounts are still to review for Test term.")
                .contains("1 flagged access-log entry is not reviewed yet.", "href=\"/school/access-log?unreviewed=true\"")
                .contains("1 import has been previewed and waits to be committed or discarded.")
                .doesNotContain("agreement waits");
        assertThat(attention(managerBrowser)).contains("1 import has been previewed")
                .doesNotContain("access-log entry", "accounts are still to review");
        assertThat(attention(fixtures.signedIn(port, dpo))).contains("1 flagged access-log entry")
                .doesNotContain("import has been previewed", "accounts are still to review");
        assertThat(attention(fixtures.signedIn(port, teacher))).contains("Nothing needs your attention.");
    }

    /** The home page's "needs your attention" section. */
    private static String attention(Browser browser) {
        String page = browser.get("/school").body();
        int start = page.indexOf("Needs your attention");
        assertThat(start).isNotNegative();
        return page.substring(start, page.indexOf("Information Sharing Agreement", start));
    }

    private void flaggedEntry(UUID school, CustodianUser actor) {
        tenancy.inSchool(school, () -> {
            long sequence = accessLog.append(new AccessEntry(school, actor.id(), "TEACHER", List.of(UUID.randomUUID()),
                    List.of("name"), AccessAction.READ, "TEACHING_AND_LEARNING", null, "req", "192.0.2.1")).sequence();
            jdbc.sql("insert into access_log_flag (school_id, sequence, flag) values (?, ?, 'OUT_OF_HOURS')")
                    .params(school, sequence).update();
        });
    }

    private void previewedImport(Browser browser, School school) {
        var file = new ByteArrayOutputStream();
        new SyntheticSchoolData(new SyntheticSchoolData.Settings(school.urn(), school.laCode(),
                school.establishmentNumber(), 5, 1, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))).writeCsv(file);
        HttpResponse<String> uploaded = browser.upload("/imports", "pupils.csv", file.toByteArray(), Map.of(),
                "Accept", "text/html");
        String page = uploaded.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (browser.get(page + "/progress").headers().firstValue("HX-Refresh").isEmpty()) {
            assertThat(Instant.now()).as("the preview finishes").isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
