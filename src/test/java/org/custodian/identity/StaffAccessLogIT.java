package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.custodian.identity.StaffTesting.call;
import static org.custodian.identity.StaffTesting.json;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.pupils.ProcessingRegister;
import org.custodian.pupils.Purpose;
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

/**
 * Manage Users reads and changes staff records: each page view and API response that shows them,
 * and each change, is one access-log entry (the accounts as subjects, the categories as fields,
 * under the staff-administration purpose); a request refused before reading leaves none.
 */
@CustodianTest
class StaffAccessLogIT {

    static final List<String> SHOWN = List.of("staff.name", "staff.email", "staff.role", "staff.account");

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    @Autowired ProcessingRegister register;
    @Autowired StaffAccessLog staffAccessLog;

    UUID school;
    CustodianUser admin;
    CustodianUser teacher;
    Browser adminBrowser;

    @BeforeEach
    void aSchoolAdminAndATeacher() {
        clock.advance(Duration.ofMinutes(6));
        school = fixtures.school().id();
        admin = fixtures.schoolAdmin(school);
        teacher = fixtures.user(school, Role.TEACHER);
        adminBrowser = fixtures.signedIn(port, admin);
    }

    @Test
    void everyPageAndApiReadOfStaffRecordsIsOneEntryNamingWhoWasShown() {
        long mark = lastSequence();
        assertThat(adminBrowser.get("/school/users").statusCode()).isEqualTo(200);
        List<Entry> list = entriesAfter(mark);
        assertThat(list).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("READ");
            assertThat(entry.subjects()).containsExactlyInAnyOrder(admin.id(), teacher.id());
            assertThat(entry.fields()).isEqualTo(SHOWN);
            assertThat(entry.purpose()).isEqualTo("STAFF_ADMINISTRATION");
            assertThat(entry.actor()).isEqualTo(admin.id());
            assertThat(entry.role()).isEqualTo("SCHOOL_ADMIN");
            assertThat(entry.requestId()).isNotBlank();
            assertThat(entry.sourceIp()).isEqualTo("127.0.0.1");
        });

        for (String path : List.of("/school/users/" + teacher.id(), "/school/users/" + teacher.id() + "/remove")) {
            mark = lastSequence();
            assertThat(adminBrowser.get(path).statusCode()).as(path).isEqualTo(200);
            assertThat(entriesAfter(mark)).as(path).singleElement()
                    .satisfies(entry -> assertRead(entry, List.of(teacher.id())));
        }

        mark = lastSequence();
        assertThat(call(adminBrowser, "GET", "/api/v1/users", null).statusCode()).isEqualTo(200);
        assertThat(entriesAfter(mark)).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("READ");
            assertThat(entry.subjects()).containsExactlyInAnyOrder(admin.id(), teacher.id());
        });

        mark = lastSequence();
        assertThat(call(adminBrowser, "GET", "/api/v1/users/" + teacher.id(), null).statusCode()).isEqualTo(200);
        assertThat(entriesAfter(mark)).singleElement().satisfies(entry -> assertRead(entry, List.of(teacher.id())));
    }

    @Test
    void everyChangeIsAnEntryInItsOwnTransactionAndAnApiResponseIsARead() {
        // Through the API: the change, then the account as the response shows it.
        long mark = lastSequence();
        HttpResponse<String> invited = call(adminBrowser, "POST", "/api/v1/users",
                "{\"name\":\"Nia Newcomer\",\"email\":\"nia." + UUID.randomUUID() + "@example.com\",\"role\":\"TEACHER\"}");
        assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
        UUID newcomer = UUID.fromString(json(invited).get("id").asString());
        assertThat(entriesAfter(mark)).extracting(Entry::action, Entry::subjects, Entry::fields).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CREATE", List.of(newcomer),
                        List.of("staff.name", "staff.email", "staff.role", "staff.account.invitation")),
                org.assertj.core.groups.Tuple.tuple("READ", List.of(newcomer), SHOWN));

        assertChangeThroughApi("PATCH", "/api/v1/users/" + teacher.id(), "{\"role\":\"DATA_MANAGER\"}", teacher.id(),
                List.of("staff.role"));
        assertChangeThroughApi("PATCH", "/api/v1/users/" + teacher.id(), "{\"role\":\"TEACHER\",\"enabled\":false}",
                teacher.id(), List.of("staff.role", "staff.account.enabled"));
        assertChangeThroughApi("POST", "/api/v1/users/" + teacher.id() + "/unlock", null, teacher.id(),
                List.of("staff.account.lockout"));
        assertChangeThroughApi("POST", "/api/v1/users/" + newcomer + "/invitation", null, newcomer,
                List.of("staff.account.invitation"));

        // Through the pages: a change redirects, so the change is the only entry.
        String base = "/school/users/" + teacher.id();
        assertChangeOnPage(base + "/enable", Map.of(), List.of("staff.account.enabled"));
        assertChangeOnPage(base + "/role", Map.of("role", "DATA_MANAGER"), List.of("staff.role"));
        assertChangeOnPage(base + "/reset-two-factor", Map.of(), List.of("staff.account.second-factor"));

        mark = lastSequence();
        HttpResponse<String> removed = call(adminBrowser, "DELETE", "/api/v1/users/" + newcomer, null);
        assertThat(removed.statusCode()).isEqualTo(204);
        assertThat(entriesAfter(mark)).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("UPDATE");
            assertThat(entry.subjects()).containsExactly(newcomer);
            assertThat(entry.fields()).containsExactly("staff.account.removed");
        });

        // The page's removal shows the name in its banner: read first, then removed.
        mark = lastSequence();
        HttpResponse<String> removedOnPage = adminBrowser.postForm("/school/users/invite", base + "/remove", Map.of());
        assertThat(removedOnPage.statusCode()).isEqualTo(302);
        assertThat(entriesAfter(mark)).extracting(Entry::action, Entry::fields).containsExactly(
                org.assertj.core.groups.Tuple.tuple("READ", SHOWN),
                org.assertj.core.groups.Tuple.tuple("UPDATE", List.of("staff.account.removed")));
    }

    @Test
    void aRequestRefusedBeforeReadingOrChangingLeavesNoEntry() {
        Browser teacherBrowser = fixtures.signedIn(port, teacher);
        long mark = lastSequence();

        assertThat(teacherBrowser.get("/school/users").statusCode()).isEqualTo(403);
        assertThat(call(teacherBrowser, "GET", "/api/v1/users", null).statusCode()).isEqualTo(403);
        assertThat(call(teacherBrowser, "PATCH", "/api/v1/users/" + admin.id(), "{\"role\":\"TEACHER\"}").statusCode())
                .isEqualTo(403);
        UUID elsewhere = fixtures.user(fixtures.school().id(), Role.TEACHER).id();
        assertThat(call(adminBrowser, "GET", "/api/v1/users/" + elsewhere, null).statusCode())
                .as("another school's account is not found").isEqualTo(404);
        assertThat(call(adminBrowser, "GET", "/api/v1/users/" + UUID.randomUUID(), null).statusCode()).isEqualTo(404);
        assertThat(call(adminBrowser, "PATCH", "/api/v1/users/" + elsewhere, "{\"role\":\"DATA_MANAGER\"}").statusCode())
                .isEqualTo(404);
        HttpResponse<String> ownRole = call(adminBrowser, "PATCH", "/api/v1/users/" + admin.id(), "{\"role\":\"TEACHER\"}");
        assertThat(ownRole.statusCode()).isEqualTo(409);
        assertThat(ownRole.body()).contains("last-school-admin");
        HttpResponse<String> badInvite = call(adminBrowser, "POST", "/api/v1/users",
                "{\"name\":\"\",\"email\":\"x@example.com\",\"role\":\"TEACHER\"}");
        assertThat(badInvite.statusCode()).isEqualTo(400);

        assertThat(entriesAfter(mark)).isEmpty();
    }

    @Test
    void theStaffPurposeIsInTheRegisterForSchoolAdminsButNeverForPupilData() {
        assertThat(register.staffPurposes()).extracting(Purpose::code).containsExactly(StaffAccessLog.PURPOSE);
        assertThat(register.staffPurposes().get(0).allowedRoles()).containsExactly(Role.SCHOOL_ADMIN);
        assertThat(register.purposes()).extracting(Purpose::code).doesNotContain(StaffAccessLog.PURPOSE);

        CustodianUser other = fixtures.schoolAdmin(fixtures.school().id());
        fixtures.acceptAgreement(other.schoolId(), other);
        Browser otherBrowser = fixtures.signedIn(port, other);
        HttpResponse<String> pupils = otherBrowser.api("GET", "/api/v1/pupils", null, "Custodian-Purpose",
                StaffAccessLog.PURPOSE);
        assertThat(pupils.statusCode()).isEqualTo(400);
        assertThat(pupils.body()).contains("purpose-unknown");
    }

    @Test
    void aStaffRecordIsLoggedOnlyInsideATransactionAndRollsBackWithIt() {
        StaffAccessLog.StaffAccess read = new StaffAccessLog.StaffAccess(school, admin, StaffAccessLog.Kind.READ,
                List.of(teacher.id()), SHOWN, null, null);
        long mark = lastSequence();

        assertThatThrownBy(() -> staffAccessLog.record(read))
                .isInstanceOf(org.springframework.transaction.IllegalTransactionStateException.class);
        assertThatThrownBy(() -> tenancy.inSchool(school, () -> {
            staffAccessLog.record(read);
            throw new IllegalStateException("the read fails after its entry");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(entriesAfter(mark)).isEmpty();

        tenancy.inSchool(school, () -> staffAccessLog.record(read));
        assertThat(entriesAfter(mark)).singleElement().satisfies(entry -> assertRead(entry, List.of(teacher.id())));
    }

    @Test
    void theReviewPageNamesTheStaffAnEntryIsAbout() {
        String name = "Tamsin Staffrecord";
        HttpResponse<String> invited = call(adminBrowser, "POST", "/api/v1/users",
                "{\"name\":\"" + name + "\",\"email\":\"t." + UUID.randomUUID() + "@example.com\",\"role\":\"TEACHER\"}");
        assertThat(invited.statusCode()).isEqualTo(201);

        String page = adminBrowser.get("/school/access-log?purpose=STAFF_ADMINISTRATION&action=CREATE").body();

        assertThat(page).contains("custodian-staff-name", name, "staff.account.invitation",
                "Managing the school&#39;s staff accounts");
    }

    // ---- helpers

    private void assertRead(Entry entry, List<UUID> subjects) {
        assertThat(entry.action()).isEqualTo("READ");
        assertThat(entry.subjects()).isEqualTo(subjects);
        assertThat(entry.fields()).isEqualTo(SHOWN);
        assertThat(entry.purpose()).isEqualTo("STAFF_ADMINISTRATION");
    }

    private void assertChangeThroughApi(String method, String path, String body, UUID subject, List<String> fields) {
        long mark = lastSequence();
        HttpResponse<String> response = call(adminBrowser, method, path, body);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        assertThat(entriesAfter(mark)).as(path).extracting(Entry::action, Entry::subjects, Entry::fields)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("UPDATE", List.of(subject), fields),
                        org.assertj.core.groups.Tuple.tuple("READ", List.of(subject), SHOWN));
    }

    private void assertChangeOnPage(String path, Map<String, String> form, List<String> fields) {
        long mark = lastSequence();
        // The CSRF token comes from a page that shows no staff records.
        HttpResponse<String> response = adminBrowser.postForm("/school/users/invite", path, form);
        assertThat(response.statusCode()).as(path).isEqualTo(302);
        assertThat(entriesAfter(mark)).as(path).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("UPDATE");
            assertThat(entry.subjects()).containsExactly(teacher.id());
            assertThat(entry.fields()).isEqualTo(fields);
            assertThat(entry.purpose()).isEqualTo("STAFF_ADMINISTRATION");
            assertThat(entry.actor()).isEqualTo(admin.id());
        });
    }

    record Entry(long sequence, String action, List<UUID> subjects, List<String> fields, String purpose, UUID actor,
                 String role, String requestId, String sourceIp) {
    }

    private long lastSequence() {
        return tenancy.inSchool(school, () -> jdbc.sql(
                        "select coalesce(max(sequence), 0) from access_log_entry where school_id = ?")
                .param(school).query(Long.class).single());
    }

    private List<Entry> entriesAfter(long sequence) {
        return tenancy.inSchool(school, () -> jdbc.sql("""
                        select sequence, action, subject_ids, fields, purpose, actor_id, actor_role, request_id, source_ip
                        from access_log_entry where school_id = ? and sequence > ? order by sequence""")
                .params(school, sequence)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getString(2),
                        java.util.Arrays.stream((Object[]) rs.getArray(3).getArray()).map(UUID.class::cast).toList(), List.of((String[]) rs.getArray(4).getArray()),
                        rs.getString(5), rs.getObject(6, UUID.class), rs.getString(7), rs.getString(8),
                        rs.getString(9)))
                .list());
    }
}
