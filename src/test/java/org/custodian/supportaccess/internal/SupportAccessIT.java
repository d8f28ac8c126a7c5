package org.custodian.supportaccess.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;

import org.custodian.accesslog.AccessFlag;
import org.custodian.accesslog.AccessLogReview;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilRecords;
import org.custodian.schools.School;
import org.custodian.support.AccessLogFlags;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Support reaches a school's pupils only through a live consent of that school: refused without
 * one, allowed and flagged with one, refused again at the next request after revocation or expiry,
 * refused outside the consent's scope; and when the consent ends the school's admins are sent every
 * access made under it.
 */
@CustodianTest
class SupportAccessIT {

    static final String REASON = "Custodian-Reason";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;
    @Autowired AccessLogReview accessLog;
    @Autowired PupilRecords pupils;
    @Autowired GrantSummaries summaries;
    @Autowired GreenMail mail;
    @Autowired ApplicationContext context;

    School school;
    CustodianUser admin;
    Browser adminBrowser;
    CustodianUser engineer;
    Browser support;
    String pupilId;

    @BeforeEach
    void schoolWithAPupilAndASupportEngineer() {
        school = fixtures.school();
        admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        adminBrowser = fixtures.signedIn(port, admin);
        var created = adminBrowser.api("POST", "/api/v1/pupils", fixtures.newPupil().json(),
                "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        pupilId = field(created.body(), "id");
        engineer = fixtures.user(null, Role.SUPPORT);
        support = fixtures.signedIn(port, engineer);
    }

    @Test
    void supportReadsFailWithoutALiveGrantAndSucceedWithOneEachFlagged() {
        assertProblem(read(support, "Ticket 4711"), 403, "support-consent-required");
        assertThat(support.api("GET", "/api/v1/support/schools", null).body()).doesNotContain(school.id().toString());

        assertThat(grant("READ", "[]", 4, null).statusCode()).isEqualTo(201);

        assertThat(support.api("GET", "/api/v1/support/schools", null).body()).contains(school.id().toString());
        assertProblem(support.api("GET", pupilPath(), null), 400, "reason-required");
        var read = read(support, "Ticket 4711: import shows a wrong year");
        var search = support.api("GET", "/api/v1/support/schools/" + school.id() + "/pupils", null, REASON,
                "Ticket 4711: find the pupil");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains(pupilId);
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        assertThat(search.body()).contains(pupilId);

        AccessLogFlags.flagNow(context, school.id());
        List<AccessLogReview.Entry> entries = supportEntries();
        assertThat(entries).extracting(AccessLogReview.Entry::action).containsExactly("READ", "SEARCH");
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.purpose()).isEqualTo("SUPPORT_WITH_CONSENT");
            assertThat(entry.actorRole()).isEqualTo("SUPPORT");
            assertThat(entry.reason()).startsWith("Ticket 4711");
            assertThat(entry.flags()).contains(AccessFlag.SUPPORT_ACCESS);
        });
    }

    @Test
    void anAccessOutsideTheGrantsScopeOrByAnotherEngineerIsRefusedAndNotLogged() {
        CustodianUser other = fixtures.user(null, Role.SUPPORT);
        Browser otherBrowser = fixtures.signedIn(port, other);
        assertThat(grant("READ", "[\"ETHNICITY\"]", 8, engineer.id()).statusCode()).isEqualTo(201);

        assertProblem(read(otherBrowser, "Ticket 1"), 403, "support-consent-required");
        assertProblem(support.api("GET", pupilPath() + "?categories=SEN_STATUS", null, REASON, "Ticket 1"), 403,
                "support-consent-scope");
        // A read-only consent lets nothing be changed, whatever the purpose allows.
        var change = new AccessContext(engineer, "SUPPORT_WITH_CONSENT", "Ticket 1", null, null, school.id());
        assertThatThrownBy(() -> pupils.erase(change, UUID.fromString(pupilId)))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.code()).isEqualTo("support-consent-scope"));
        assertThat(read(support, "Ticket 1").statusCode()).isEqualTo(200);
        assertThat(support.api("GET", pupilPath() + "?categories=ETHNICITY", null, REASON, "Ticket 1").statusCode())
                .isEqualTo(200);

        assertThat(supportEntries()).hasSize(2).allSatisfy(entry -> assertThat(entry.actorId()).isEqualTo(engineer.id()));
        assertThat(accessLog.search(school.id(), new AccessLogReview.Query(null, UUID.fromString(pupilId), null,
                org.custodian.accesslog.AccessAction.ERASE, null, null, null, false, null, 10)).entries()).isEmpty();
    }

    @Test
    void revocationTakesEffectAtTheNextRequestAndSendsTheSummary() throws Exception {
        String id = field(grant("READ", "[]", 24, null).body(), "id");
        assertThat(read(support, "Ticket 9").statusCode()).isEqualTo(200);

        assertThat(adminBrowser.api("DELETE", "/api/v1/support-grants/" + id, null).statusCode()).isEqualTo(204);

        assertProblem(read(support, "Ticket 9"), 403, "support-consent-required");
        assertThat(supportEntries()).hasSize(1);
        assertProblem(adminBrowser.api("DELETE", "/api/v1/support-grants/" + id, null), 409, "support-grant-ended");
        String summary = summaryTo(admin.getUsername());
        assertThat(summary).contains("was revoked", "1 time(s)", pupilId,
                "entry " + supportEntries().get(0).sequence());
    }

    @Test
    void whenAGrantExpiresTheSummaryListsEveryAccessMadeUnderIt() throws Exception {
        assertThat(grant("READ", "[]", 2, null).statusCode()).isEqualTo(201);
        read(support, "Ticket 77: first look");
        support.api("GET", "/api/v1/support/schools/" + school.id() + "/pupils", null, REASON, "Ticket 77: list");
        read(support, "Ticket 77: second look");
        clock.advance(Duration.ofHours(2));

        assertProblem(read(support, "Ticket 77: too late"), 403, "support-consent-required");
        assertThat(summaries.sendDue()).as("grants summarised").isEqualTo(1);

        List<AccessLogReview.Entry> entries = supportEntries();
        assertThat(entries).hasSize(3);
        String summary = summaryTo(admin.getUsername());
        assertThat(summary).contains("expired", "3 time(s)", "READ: 2", "SEARCH: 1", pupilId);
        for (AccessLogReview.Entry entry : entries) {
            assertThat(summary).contains("entry " + entry.sequence() + ": " + entry.action());
        }
        assertThat(summary).doesNotContain("Ticket 77");
        assertThat(summaries.sendDue()).as("each grant is summarised once").isZero();
    }

    @Test
    void aGrantLongerThan72HoursOrFromAnyoneButASchoolAdminIsRefusedAndNothingIsWritten() {
        Browser dpo = fixtures.signedIn(port, fixtures.user(school.id(), Role.DPO));

        assertProblem(grant("READ", "[]", 73, null), 400, "support-consent-too-long");
        assertThat(dpo.api("POST", "/api/v1/support-grants", body("READ", "[]", 4, null)).statusCode()).isEqualTo(403);
        assertThat(support.api("POST", "/api/v1/support-grants", body("READ", "[]", 4, null)).statusCode())
                .isEqualTo(403);
        assertProblem(grant("WRITE", "[\"NOT_A_CATEGORY\"]", 0, UUID.randomUUID()), 400, "validation-failed");

        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from support_grant where school_id = ?")
                .param(school.id()).query(Long.class).single())).isZero();
        assertProblem(read(support, "Ticket 5"), 403, "support-consent-required");
    }

    @Test
    void aSchoolAdminCannotRevokeAnotherSchoolsGrant() {
        String id = field(grant("READ", "[]", 4, null).body(), "id");
        School elsewhere = fixtures.school();
        CustodianUser otherAdmin = fixtures.schoolAdmin(elsewhere.id());

        assertProblem(fixtures.signedIn(port, otherAdmin).api("DELETE", "/api/v1/support-grants/" + id, null), 404,
                "support-grant-not-found");
        assertThat(read(support, "Ticket 6").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> grant(String mode, String categories, int hours, UUID engineerId) {
        return adminBrowser.api("POST", "/api/v1/support-grants", body(mode, categories, hours, engineerId));
    }

    private static String body(String mode, String categories, int hours, UUID engineerId) {
        return """
                {"mode": "%s", "categories": %s, "reason": "Ticket: the import shows a wrong year", "hours": %d,
                 "engineerId": %s}""".formatted(mode, categories, hours,
                engineerId == null ? "null" : "\"" + engineerId + "\"");
    }

    private String pupilPath() {
        return "/api/v1/support/schools/" + school.id() + "/pupils/" + pupilId;
    }

    private HttpResponse<String> read(Browser browser, String reason) {
        return browser.api("GET", pupilPath(), null, REASON, reason);
    }

    /** Support's entries in the school's access log, oldest first. */
    private List<AccessLogReview.Entry> supportEntries() {
        List<AccessLogReview.Entry> entries = new ArrayList<>(accessLog.search(school.id(),
                new AccessLogReview.Query(null, null, "SUPPORT_WITH_CONSENT", null, null, null, null, false, null, 100))
                .entries());
        java.util.Collections.reverse(entries);
        return entries;
    }

    /** The body of the summary sent to {@code address}, once it has arrived. */
    private String summaryTo(String address) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            for (var message : mail.getReceivedMessages()) {
                if (GreenMailUtil.getAddressList(message.getAllRecipients()).contains(address)
                        && message.getSubject().equals("Support access to your school has ended")) {
                    return String.valueOf(message.getContent()).replace("\r\n", "\n");
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No summary arrived");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(json).isTrue();
        return matcher.group(1);
    }

}
