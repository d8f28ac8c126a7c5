package org.custodian.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.Nation;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The requests register end to end: subjects, competence, statuses, deadlines, encryption, tenancy, dashboard. */
@CustodianTest
class RightsRequestsApiIT {

    static final String PATH = "/api/v1/rights-requests";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired org.custodian.support.KeyTables keyTables;
    @Autowired Tenancy tenancy;
    @Autowired JsonMapper json;
    @Autowired SubjectRightsDeadlines deadlines;
    @Autowired TestClock clock;

    School school;
    CustodianUser adminUser;
    CustodianUser dpoUser;
    Browser admin;
    Browser dpo;
    LocalDate today;

    @BeforeEach
    void schoolWithADpo() {
        school = fixtures.school();
        adminUser = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), adminUser);
        admin = fixtures.signedIn(port, adminUser);
        dpoUser = fixtures.user(school.id(), Role.DPO);
        dpo = fixtures.signedIn(port, dpoUser);
        today = LocalDate.now(clock.withZone(ZoneId.of("Europe/London")));
    }

    @Test
    void aRequestAboutAPupilIsRecordedWithTheAgeRuleDecisionAndALoggedCheck() {
        String pupil = pupil();

        var created = create(dpo, pupilRequest(pupil, today.minusDays(3), ""));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json.readTree(created.body());
        assertThat(created.headers().firstValue("Location")).hasValue(PATH + "/" + body.get("id").asString());
        assertThat(body.get("status").asString()).isEqualTo("RECEIVED");
        assertThat(body.get("subjectKind").asString()).isEqualTo("PUPIL");
        // The fixture pupil is 11: under the default age of 12, so not competent by the rule of thumb.
        assertThat(body.get("competence").asString()).isEqualTo("NOT_COMPETENT");
        assertThat(body.get("competenceBasis").asString()).isEqualTo("AGE_RULE");
        assertThat(body.get("competenceDecidedBy").asString()).isEqualTo(dpoUser.id().toString());
        assertThat(body.get("deadline").asString())
                .isEqualTo(deadlines.deadline(today.minusDays(3), Nation.ENGLAND, 0, 0).date().toString());
        assertThat(body.get("timeline")).hasSize(1);
        assertThat(logEntries(pupil)).contains("READ SUBJECT_RIGHTS_REQUEST DPO");
    }

    @Test
    void theSchoolsCompetenceJudgementIsRecordedWithWhoMadeIt() {
        var created = create(admin, pupilRequest(pupil(), today, ", \"competence\": \"COMPETENT\""));

        JsonNode body = json.readTree(created.body());
        assertThat(body.get("competence").asString()).isEqualTo("COMPETENT");
        assertThat(body.get("competenceBasis").asString()).isEqualTo("JUDGEMENT");
        assertThat(body.get("competenceDecidedBy").asString()).isEqualTo(adminUser.id().toString());
        String stored = tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select competence || ' ' || competence_basis || ' ' || competence_decided_by from rights_request where id = ?::uuid")
                .param(body.get("id").asString()).query(String.class).single());
        assertThat(stored).isEqualTo("COMPETENT JUDGEMENT " + adminUser.id());
    }

    @Test
    void aRequestAboutAMemberOfStaffHasNoCompetenceDecision() {
        CustodianUser teacher = fixtures.user(school.id(), Role.TEACHER);

        var created = create(admin, """
                {"type": "ERASURE", "subjectKind": "STAFF", "subjectId": "%s", "requesterKind": "SUBJECT",
                 "channel": "IN_PERSON", "receivedOn": "%s"}""".formatted(teacher.id(), today));
        var withCompetence = create(admin, """
                {"type": "ERASURE", "subjectKind": "STAFF", "subjectId": "%s", "requesterKind": "SUBJECT",
                 "channel": "IN_PERSON", "receivedOn": "%s", "competence": "COMPETENT"}""".formatted(teacher.id(), today));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json.readTree(created.body());
        assertThat(body.get("competence").asString()).isEqualTo("NOT_APPLICABLE");
        assertThat(body.has("competenceDecidedBy")).isFalse();
        assertProblem(withCompetence, 400, "validation-failed");
        assertThat(withCompetence.body()).contains("\"field\":\"competence\"", "not-allowed");
    }

    @Test
    void anUnknownSubjectIsRefusedAndNothingIsWritten() {
        School other = fixtures.school();
        CustodianUser otherAdmin = fixtures.schoolAdmin(other.id());
        fixtures.acceptAgreement(other.id(), otherAdmin);
        UUID otherPupil = fixtures.pupil(other.id());

        var unknownPupil = create(dpo, pupilRequest(UUID.randomUUID().toString(), today, ""));
        var othersPupil = create(dpo, pupilRequest(otherPupil.toString(), today, ""));
        var unknownStaff = create(dpo, """
                {"type": "ACCESS", "subjectKind": "STAFF", "subjectId": "%s", "requesterKind": "SUBJECT",
                 "channel": "EMAIL", "receivedOn": "%s"}""".formatted(otherAdmin.id(), today));
        var badFields = create(dpo, """
                {"type": "GOSSIP", "subjectKind": "PUPIL", "subjectId": "not-an-id", "requesterKind": "OTHER",
                 "channel": "PIGEON", "receivedOn": "2026-02-30"}""");

        assertProblem(unknownPupil, 404, "subject-not-found");
        assertProblem(othersPupil, 404, "subject-not-found");
        assertProblem(unknownStaff, 404, "subject-not-found");
        assertProblem(badFields, 400, "validation-failed");
        assertThat(badFields.body()).contains("\"field\":\"type\"", "\"field\":\"subjectId\"", "\"field\":\"channel\"",
                "\"field\":\"receivedOn\"", "\"field\":\"requester\"").doesNotContain("GOSSIP", "PIGEON", "not-an-id");
        assertThat(count("select count(*) from rights_request")).isZero();
        assertThat(count("select count(*) from rights_request_step")).isZero();
        assertThat(keyTables.count(school.id(), "select count(*) from subject_data_key where subject_kind = 'PUPIL'"))
                .isZero();
    }

    @Test
    void aPupilIsFoundByTheirUpnThroughItsBlindIndexLeaversToo() {
        Fixtures.TestPupil onRoll = fixtures.newPupil();
        String onRollId = pupil(onRoll);
        Fixtures.TestPupil leaver = fixtures.newPupil();
        String leaverId = pupil(leaver);
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                "update pupil set leaving_date = date '2025-07-18' where id = ?::uuid").param(leaverId).update()))
                .isEqualTo(1);

        var byUpn = create(dpo, pupilRequest(onRoll.upn().toLowerCase(java.util.Locale.ROOT), today, ""));
        var leaversUpn = create(dpo, pupilRequest(leaver.upn(), today, ""));

        assertThat(json.readTree(byUpn.body()).get("subjectId").asString()).as(byUpn.body()).isEqualTo(onRollId);
        assertThat(json.readTree(leaversUpn.body()).get("subjectId").asString()).as(leaversUpn.body()).isEqualTo(leaverId);
        assertThat(logEntries(onRollId)).contains("SEARCH SUBJECT_RIGHTS_REQUEST DPO");
    }

    @Test
    void aUpnThatIsWrongUnknownOrBesideAnIdIsRefusedAndNothingIsWritten() {
        Fixtures.TestPupil known = fixtures.newPupil();
        String knownId = pupil(known);
        String wrongCheckLetter = (known.upn().charAt(0) == 'A' ? "B" : "A") + known.upn().substring(1);

        assertProblem(create(dpo, pupilRequest(wrongCheckLetter, today, "")), 400, "validation-failed");
        assertProblem(create(dpo, pupilRequest(fixtures.newPupil().upn(), today, "")), 404, "subject-not-found");
        var both = create(dpo, """
                {"type": "ACCESS", "subjectKind": "PUPIL", "subjectId": "%s", "subjectUpn": "%s",
                 "requesterKind": "SUBJECT", "channel": "EMAIL", "receivedOn": "%s"}""".formatted(knownId, known.upn(), today));
        assertProblem(both, 400, "validation-failed");
        assertThat(both.body()).contains("\"field\":\"subjectId\"").doesNotContain(known.upn());
        var staffByUpn = create(dpo, """
                {"type": "ACCESS", "subjectKind": "STAFF", "subjectUpn": "%s", "requesterKind": "SUBJECT",
                 "channel": "EMAIL", "receivedOn": "%s"}""".formatted(known.upn(), today));
        assertProblem(staffByUpn, 400, "validation-failed");
        assertThat(staffByUpn.body()).contains("\"field\":\"subjectUpn\"");
        assertThat(count("select count(*) from rights_request")).isZero();
    }

    @Test
    void stepsFollowTheAllowedTransitionsOnly() {
        String id = id(create(dpo, pupilRequest(pupil(), today.minusDays(5), "")));

        assertProblem(step(id, "{\"status\": \"COMPLETED\"}"), 409, "illegal-transition");
        assertThat(step(id, "{\"status\": \"IN_PROGRESS\", \"occurredOn\": \"%s\"}".formatted(today.minusDays(4)))
                .statusCode()).isEqualTo(200);
        assertProblem(step(id, "{\"status\": \"COMPLETED\", \"occurredOn\": \"%s\"}".formatted(today.minusDays(5))),
                409, "step-out-of-order");
        var completed = step(id, "{\"status\": \"COMPLETED\", \"details\": \"Copy sent\"}");
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        assertProblem(step(id, "{\"status\": \"IN_PROGRESS\"}"), 409, "illegal-transition");
        assertProblem(step(id, "{\"status\": \"RECEIVED\"}"), 400, "validation-failed");

        JsonNode timeline = json.readTree(dpo.api("GET", PATH + "/" + id, null).body()).get("timeline");
        assertThat(StreamSupport.stream(timeline.spliterator(), false).map(s -> s.get("status").asString()))
                .containsExactly("RECEIVED", "IN_PROGRESS", "COMPLETED");
        assertThat(timeline.get(2).get("details").asString()).isEqualTo("Copy sent");
    }

    @Test
    void aClockStopMovesTheDeadlineByItsLength() {
        LocalDate received = today.minusDays(20);
        String id = id(create(dpo, pupilRequest(pupil(), received, "")));

        var stopped = step(id, "{\"status\": \"AWAITING_IDENTITY_OR_CLARIFICATION\", \"occurredOn\": \"%s\"}"
                .formatted(received.plusDays(2)));
        var restarted = step(id, "{\"status\": \"IN_PROGRESS\", \"occurredOn\": \"%s\"}".formatted(received.plusDays(9)));

        assertThat(json.readTree(stopped.body()).get("clockStopped").asBoolean()).isTrue();
        JsonNode body = json.readTree(restarted.body());
        assertThat(body.get("clockStopped").asBoolean()).isFalse();
        assertThat(body.get("deadline").asString())
                .isEqualTo(deadlines.deadline(received, Nation.ENGLAND, 7, 0).date().toString())
                .isNotEqualTo(deadlines.deadline(received, Nation.ENGLAND, 0, 0).date().toString());
    }

    @Test
    void anExtensionWithinTheFirstMonthMovesTheDeadlineAndOneAfterItIsRefused() {
        LocalDate recent = today.minusDays(10);
        String inTime = id(create(dpo, pupilRequest(pupil(), recent, "")));
        LocalDate old = today.minusDays(60);
        String late = id(create(dpo, pupilRequest(pupil(), old, "")));

        var extended = step(inTime, "{\"status\": \"EXTENDED\", \"extensionMonths\": 2, \"reason\": \"Many records\"}");
        var again = step(inTime, "{\"status\": \"EXTENDED\", \"extensionMonths\": 1, \"reason\": \"More\"}");
        var tooLate = step(late, "{\"status\": \"EXTENDED\", \"extensionMonths\": 2, \"reason\": \"Many records\"}");
        var noReason = step(late, "{\"status\": \"EXTENDED\", \"extensionMonths\": 3}");

        assertThat(extended.statusCode()).as(extended.body()).isEqualTo(200);
        assertThat(json.readTree(extended.body()).get("deadline").asString())
                .isEqualTo(deadlines.deadline(recent, Nation.ENGLAND, 0, 2).date().toString());
        assertProblem(again, 409, "already-extended");
        assertProblem(tooLate, 409, "extension-too-late");
        assertThat(tooLate.body()).contains("first month");
        assertProblem(noReason, 400, "validation-failed");
        assertThat(noReason.body()).contains("\"field\":\"reason\"", "\"field\":\"extensionMonths\"");
        JsonNode unchanged = json.readTree(dpo.api("GET", PATH + "/" + late, null).body());
        assertThat(unchanged.get("status").asString()).isEqualTo("RECEIVED");
        assertThat(unchanged.get("timeline")).hasSize(1);
    }

    @Test
    void aRefusalNeedsItsReasonAndTheExemptionReliedOn() {
        String id = id(create(dpo, pupilRequest(pupil(), today, "")));

        var bare = step(id, "{\"status\": \"REFUSED\"}");
        var refused = step(id, "{\"status\": \"REFUSED\", \"reason\": \"Manifestly unfounded\", "
                + "\"exemption\": \"UK GDPR Art 12(5)\"}");

        assertProblem(bare, 400, "validation-failed");
        assertThat(bare.body()).contains("\"field\":\"reason\"", "\"field\":\"exemption\"");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(200);
        JsonNode body = json.readTree(refused.body());
        assertThat(body.get("status").asString()).isEqualTo("REFUSED");
        assertThat(body.get("timeline").get(1).get("reason").asString()).isEqualTo("Manifestly unfounded");
        assertThat(body.get("timeline").get(1).get("exemption").asString()).isEqualTo("UK GDPR Art 12(5)");
    }

    @Test
    void personalDetailsOfTheRequestAndItsTimelineAreNotStoredInClear() {
        String requester = "Mrs Plaintextmarker, mother";
        String details = "Detailsmarker asked by email";
        String reason = "Reasonmarker many records";
        String id = id(create(dpo, pupilRequest(pupil(), today.minusDays(1),
                ", \"requesterKind\": \"PARENT_OR_CARER\", \"requester\": \"" + requester + "\", \"details\": \""
                        + details + "\"")));
        step(id, "{\"status\": \"EXTENDED\", \"extensionMonths\": 1, \"reason\": \"" + reason + "\"}");

        JsonNode read = json.readTree(dpo.api("GET", PATH + "/" + id, null).body());
        assertThat(read.get("requester").asString()).isEqualTo(requester);
        assertThat(read.get("timeline").get(0).get("details").asString()).isEqualTo(details);
        assertThat(read.get("timeline").get(1).get("reason").asString()).isEqualTo(reason);
        List<String> rows = tenancy.inSchool(school.id(), () -> jdbc.sql("""
                        select r::text from rights_request r where id = ?::uuid
                        union all select s::text from rights_request_step s where request_id = ?::uuid""")
                .params(id, id).query(String.class).list());
        assertThat(rows).hasSize(3);
        for (String marker : List.of("Plaintextmarker", "Detailsmarker", "Reasonmarker")) {
            String hex = HexFormat.of().formatHex(marker.getBytes(StandardCharsets.UTF_8));
            assertThat(String.join("\n", rows).toLowerCase()).doesNotContain(marker.toLowerCase()).doesNotContain(hex);
        }
    }

    @Test
    void anotherSchoolsRequestIsNotVisible() {
        String id = id(create(dpo, pupilRequest(pupil(), today, "")));
        School other = fixtures.school();
        Browser otherDpo = fixtures.signedIn(port, fixtures.user(other.id(), Role.DPO));

        assertProblem(otherDpo.api("GET", PATH + "/" + id, null), 404, "rights-request-not-found");
        assertProblem(otherDpo.api("POST", PATH + "/" + id + "/steps", "{\"status\": \"IN_PROGRESS\"}"), 404,
                "rights-request-not-found");
        assertThat(otherDpo.api("GET", PATH, null).body()).doesNotContain(id);
        assertThat(dpo.api("GET", PATH, null).body()).contains(id);
        Browser teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
        assertProblem(teacher.api("GET", PATH, null), 403, "forbidden");
    }

    @Test
    void theDashboardListsRequestsDueThisWeekOverdueAndStopped() {
        LocalDate dueSoon = today.minusDays(40);
        while (deadlines.deadline(dueSoon, Nation.ENGLAND, 0, 0).date().isBefore(today)) {
            dueSoon = dueSoon.plusDays(1);
        }
        assertThat(deadlines.deadline(dueSoon, Nation.ENGLAND, 0, 0).date()).isBeforeOrEqualTo(today.plusDays(6));
        String due = id(create(dpo, pupilRequest(pupil(), dueSoon, "")));
        String overdue = id(create(dpo, pupilRequest(pupil(), today.minusDays(70), "")));
        String stopped = id(create(dpo, pupilRequest(pupil(), today.minusDays(70), "")));
        step(stopped, "{\"status\": \"AWAITING_IDENTITY_OR_CLARIFICATION\", \"occurredOn\": \"%s\"}"
                .formatted(today.minusDays(69)));
        String closed = id(create(dpo, pupilRequest(pupil(), today.minusDays(70), "")));
        step(closed, "{\"status\": \"REFUSED\", \"reason\": \"Duplicate\", \"exemption\": \"Art 12(5)\"}");
        String later = id(create(dpo, pupilRequest(pupil(), today, "")));

        JsonNode dashboard = json.readTree(dpo.api("GET", PATH + "/dashboard", null).body());

        assertThat(ids(dashboard.get("dueThisWeek"))).containsExactly(due);
        assertThat(ids(dashboard.get("overdue"))).containsExactly(overdue);
        assertThat(ids(dashboard.get("stopped"))).containsExactly(stopped);
        assertThat(dashboard.toString()).doesNotContain(closed).doesNotContain(later);
    }

    private List<String> ids(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false).map(n -> n.get("id").asString()).toList();
    }

    private String pupil() {
        return pupil(fixtures.newPupil());
    }

    private String pupil(Fixtures.TestPupil newPupil) {
        var created = admin.api("POST", "/api/v1/pupils", newPupil.json(), "Custodian-Purpose",
                "DATA_MANAGEMENT");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asString();
    }

    /**
     * A request about the pupil, named by id or (anything else) by UPN; {@code extra} members override
     * the defaults (later members win).
     */
    private static String pupilRequest(String pupil, LocalDate receivedOn, String extra) {
        boolean byId = pupil.matches("[0-9a-f-]{36}");
        return """
                {"type": "ACCESS", "subjectKind": "PUPIL", "%s": "%s", "requesterKind": "SUBJECT",
                 "channel": "EMAIL", "receivedOn": "%s"%s}""".formatted(byId ? "subjectId" : "subjectUpn", pupil,
                receivedOn, extra);
    }

    private HttpResponse<String> create(Browser browser, String body) {
        return browser.api("POST", PATH, body);
    }

    private HttpResponse<String> step(String id, String body) {
        return dpo.api("POST", PATH + "/" + id + "/steps", body);
    }

    private String id(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asString();
    }

    private long count(String sql) {
        return tenancy.inSchool(school.id(), () -> jdbc.sql(sql).query(Long.class).single());
    }

    private List<String> logEntries(String pupilId) {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("""
                        select action || ' ' || purpose || ' ' || actor_role from access_log_entry
                        where school_id = ? and ?::uuid = any (subject_ids) order by sequence""")
                .params(school.id(), pupilId).query(String.class).list());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }
}
