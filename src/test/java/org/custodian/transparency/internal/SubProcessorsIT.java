package org.custodian.transparency.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sub-processor register: changes announced at least 30 days ahead, each school told once per
 * change, the register as it stands on a day, and the record of processing exported as CSV and PDF.
 */
@CustodianTest
class SubProcessorsIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JsonMapper json;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;
    @Autowired GreenMail mail;
    @Autowired SubProcessorNotices notices;
    @Autowired SubProcessorRegister register;

    School school;
    Browser operator;
    Browser teacher;
    CustodianUser dpo;

    @BeforeEach
    void school() {
        school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        dpo = fixtures.user(school.id(), Role.DPO);
        operator = fixtures.signedIn(port, fixtures.platformAdmin());
        teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
    }

    @Test
    void aChangeIsAnnouncedToEachSchoolOnceAndTakesEffectOnItsDate() throws Exception {
        String key = "mail-relay-" + UUID.randomUUID().toString().substring(0, 8);
        LocalDate effective = register.today().plusDays(30);
        var added = operator.api("POST", "/api/v1/sub-processors", """
                {"key": "%s", "kind": "ADDED", "name": "Relay %s", "purpose": "Sending email",
                 "dataCategories": "Staff email addresses", "country": "United Kingdom",
                 "transferSafeguard": "None needed (UK)", "effectiveOn": "%s"}""".formatted(key, key, effective));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

        JsonNode listed = json.readTree(teacher.api("GET", "/api/v1/sub-processors", null).body());
        assertThat(listed.get("announced").toString()).contains(key);
        assertThat(listed.get("standing").toString()).doesNotContain(key);
        assertThat(register.standing(effective.minusDays(1))).noneMatch(change -> change.key().equals(key));
        assertThat(register.standing(effective)).anyMatch(change -> change.key().equals(key));
        assertThat(teacher.get("/school/transparency").body()).contains("Relay " + key + ": added, from " + effective);

        notices.run();
        notices.run();

        String subject = SubProcessorNotices.subject(register.pending(register.today()).stream()
                .filter(change -> change.key().equals(key)).findFirst().orElseThrow());
        assertThat(mailsTo(school.contactEmail().value(), subject)).isEqualTo(1);
        assertThat(mailsTo(dpo.getUsername(), subject)).isEqualTo(1);
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql("""
                        select count(*) from sub_processor_notice n join sub_processor_change c on c.id = n.change_id
                         where n.school_id = ? and c.sub_processor = ?""")
                .params(school.id(), key).query(Long.class).single())).isEqualTo(1);

        var removed = operator.api("POST", "/api/v1/sub-processors",
                "{\"key\": \"%s\", \"kind\": \"REMOVED\", \"effectiveOn\": \"%s\"}".formatted(key, effective.plusDays(10)));
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(201);
        assertThat(register.standing(effective.plusDays(9))).anyMatch(change -> change.key().equals(key));
        assertThat(register.standing(effective.plusDays(10))).noneMatch(change -> change.key().equals(key));
    }

    @Test
    void aChangeAtShortNoticeOrByAnyoneButAPlatformAdminIsRefusedAndNothingIsRecorded() {
        String key = "short-" + UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"key": "%s", "kind": "ADDED", "name": "Short", "purpose": "p", "dataCategories": "d",
                 "country": "c", "transferSafeguard": "s", "effectiveOn": "%s"}""";
        assertProblem(operator.api("POST", "/api/v1/sub-processors",
                body.formatted(key, register.today().plusDays(29))), 400, "sub-processor-notice-too-short");
        assertProblem(operator.api("POST", "/api/v1/sub-processors",
                "{\"key\": \"%s\", \"kind\": \"ADDED\", \"effectiveOn\": \"%s\"}".formatted(key, register.today().plusDays(40))),
                400, "invalid-sub-processor");
        assertProblem(operator.api("POST", "/api/v1/sub-processors",
                "{\"key\": \"%s\", \"kind\": \"REMOVED\", \"effectiveOn\": \"%s\"}".formatted(key, register.today().plusDays(40))),
                404, "sub-processor-not-found");
        assertProblem(operator.api("POST", "/api/v1/sub-processors",
                body.formatted("Not A Key", register.today().plusDays(40))), 400, "invalid-sub-processor");
        assertProblem(teacher.api("POST", "/api/v1/sub-processors", body.formatted(key, register.today().plusDays(40))),
                403, null);
        assertThat(jdbc.sql("select count(*) from sub_processor_change where sub_processor = ?").param(key)
                .query(Long.class).single()).isZero();

        assertThat(operator.api("POST", "/api/v1/sub-processors", body.formatted(key, register.today().plusDays(40)))
                .statusCode()).isEqualTo(201);
        assertProblem(operator.api("POST", "/api/v1/sub-processors", body.formatted(key, register.today().plusDays(41))),
                409, "sub-processor-exists");
    }

    @Test
    void theRecordOfProcessingExportsAsFormulaSafeCsvAndAsPdf() {
        String key = "formula-" + UUID.randomUUID().toString().substring(0, 8);
        var added = operator.api("POST", "/api/v1/sub-processors", """
                {"key": "%s", "kind": "ADDED", "name": "=HYPERLINK(\\"http://x\\")", "purpose": "Hosting",
                 "dataCategories": "All", "country": "United Kingdom", "transferSafeguard": "None needed",
                 "effectiveOn": "%s"}""".formatted(key, register.today().plusDays(30)));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

        var csv = teacher.api("GET", "/api/v1/processing-record.csv", null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).contains(String.join(",", ProcessingRecord.ACTIVITY_COLUMNS),
                "BREAK_GLASS,", "Art 9(2)(c) vital interests of the pupil", "Access log entries",
                "STAFF_ADMINISTRATION,", "Where,Statement", "Key store");

        JsonNode record = json.readTree(teacher.api("GET", "/api/v1/processing-record", null).body());
        assertThat(record.get("activities").toString()).contains("SUPPORT_WITH_CONSENT");

        // Export the register as it stands on the change's date, through the same code path.
        ProcessingRecord.Contents later = new ProcessingRecord.Contents(java.time.Instant.now(), java.util.List.of(),
                register.standing(register.today().plusDays(30)).stream()
                        .map(change -> java.util.List.of(change.name(), change.purpose(), change.dataCategories(),
                                change.country(), change.transferSafeguard(), change.addedOn().toString(),
                                change.effectiveOn().toString())).toList(),
                new DataLocation.Statement("h", "d", null, "b", "l", "m", "k", null));
        assertThat(recordCsv(later)).contains("\"'=HYPERLINK(\"\"http://x\"\")\"").doesNotContain(",=HYPERLINK");

        var pdf = teacher.send(java.net.http.HttpRequest.newBuilder(teacher.uri("/api/v1/processing-record.pdf")).GET());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/pdf");
        assertThat(pdf.body().length()).isGreaterThan(1000);
        assertThat(pdf.body()).startsWith("%PDF-");
    }

    @Autowired ProcessingRecord processingRecord;

    private String recordCsv(ProcessingRecord.Contents contents) {
        return processingRecord.csv(contents);
    }

    private long mailsTo(String address, String subject) throws Exception {
        long count = 0;
        for (MimeMessage message : mail.getReceivedMessages()) {
            for (var recipient : message.getRecipients(Message.RecipientType.TO)) {
                if (recipient.toString().equalsIgnoreCase(address) && subject.equals(message.getSubject())) {
                    count++;
                }
            }
        }
        return count;
    }

    private void assertProblem(java.net.http.HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (code != null) {
            assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo(code);
        }
    }
}
