package org.custodian.retention.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;

import org.custodian.crypto.FieldCipher;
import org.custodian.identity.ApiTokens;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.retention.PurgeReport;
import org.custodian.retention.SchoolPurges;
import org.custodian.rights.LegalHolds;
import org.custodian.schools.PupilDataGate;
import org.custodian.schools.School;
import org.custodian.schools.SchoolState;
import org.custodian.schools.Schools;
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
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The end of a contract, on an injected clock: termination ends staff access at once; the main
 * contact is reminded 7 days and 1 day before the end of the grace period, once each; the admin alone
 * signs in and may only export; at the end the school's rows and keys are gone and it is PURGED,
 * unless a legal hold stands, which the platform page shows and which refuses a manual purge.
 */
@CustodianTest
class TerminationIT {

    private static final String PURPOSE = "Custodian-Purpose";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired Schools schools;
    @Autowired SchoolPurges purges;
    @Autowired org.custodian.retention.DeletionCertificates certificates;
    @Autowired TerminationJobs jobs;
    @Autowired ApiTokens apiTokens;
    @Autowired LegalHolds holds;
    @Autowired PupilDataGate gate;
    @Autowired FieldCipher cipher;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired org.custodian.support.KeyTables keyTables;
    @Autowired TestClock clock;
    @Autowired GreenMail mail;

    School school;
    CustodianUser platformAdmin;
    CustodianUser admin;
    CustodianUser dataManager;
    Browser staffSession;
    String token;
    List<String> upns = new ArrayList<>();

    @BeforeEach
    void anActiveSchoolWithPupilsASignedInDataManagerAndAnApiToken() {
        school = fixtures.school();
        platformAdmin = fixtures.platformAdmin();
        schools.transition(school.id(), SchoolState.ACTIVE, null, platformAdmin);
        admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        dataManager = fixtures.user(school.id(), Role.DATA_MANAGER);
        staffSession = fixtures.signedIn(port, dataManager);
        for (int i = 0; i < 2; i++) {
            var pupil = fixtures.newPupil();
            upns.add(pupil.upn());
            assertThat(staffSession.api("POST", "/api/v1/pupils", pupil.json(), PURPOSE, "DATA_MANAGEMENT")
                    .statusCode()).isEqualTo(201);
        }
        token = apiTokens.issue(admin, "MIS nightly", Set.of("import"), null).secret();
    }

    @Test
    void terminationRemindersGraceExportAndPurgeLeaveNothingReadable() throws Exception {
        schools.transition(school.id(), SchoolState.TERMINATED, null, platformAdmin);
        LocalDate endsOn = schools.grace(school.id()).endsOn();
        assertThat(endsOn).isEqualTo(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(31));

        // Staff lose access at once: the session ended, the token revoked, a fresh sign-in refused.
        assertThat(staffSession.api("GET", "/api/v1/pupils", null, PURPOSE, "DATA_MANAGEMENT").statusCode())
                .isEqualTo(401);
        assertThat(new Browser(port).api("GET", "/api/v1/imports", null, "Authorization", "Bearer " + token)
                .statusCode()).isEqualTo(401);
        assertThat(location(new Browser(port).signIn(dataManager.getUsername(), Fixtures.PASSWORD)))
                .endsWith("/login?school-closed");

        // Reminders: none 8 days before the end, the 7-day one on the day (once), the 1-day one (once).
        at(endsOn.minusDays(8));
        jobs.run();
        assertThat(subjectsToContact()).isEmpty();
        at(endsOn.minusDays(7));
        jobs.run();
        jobs.run();
        assertThat(subjectsToContact()).containsExactly(school.name() + "'s data will be deleted in 7 days");
        at(endsOn.minusDays(2));
        jobs.run();
        assertThat(subjectsToContact()).hasSize(1);
        at(endsOn.minusDays(1));
        jobs.run();
        jobs.run();
        assertThat(subjectsToContact()).containsExactly(school.name() + "'s data will be deleted in 7 days",
                school.name() + "'s data will be deleted in 1 day");
        assertThat(schools.forSystem(school.id()).orElseThrow().state()).isEqualTo(SchoolState.TERMINATED);

        // Only the admin signs in, and may only export.
        assertThat(location(new Browser(port).signIn(dataManager.getUsername(), Fixtures.PASSWORD)))
                .endsWith("/login?school-closed");
        Browser adminSession = fixtures.signedIn(port, admin);
        var page = adminSession.get("/grace-export");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Export the school's data");
        var csv = adminSession.get("/grace-export/pupils.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        var ctf = adminSession.api("GET", "/api/v1/grace-export/pupils.xml", null, "Accept", "application/xml");
        assertThat(ctf.statusCode()).isEqualTo(200);
        assertThat(ctf.body()).contains("<CTfile>", "<URN>" + school.urn() + "</URN>");
        for (String upn : upns) {
            assertThat(csv.body()).contains(upn);
            assertThat(ctf.body()).contains("<UPN>" + upn + "</UPN>");
        }
        assertThat(count("select count(*) from access_log_entry where school_id = ? and action = 'EXPORT' "
                + "and purpose = 'CONTRACT_END_RETURN'")).isEqualTo(2);

        long pupilsBefore = count("select count(*) from pupil where school_id = ?");
        var read = adminSession.api("GET", "/api/v1/pupils", null, PURPOSE, "DATA_MANAGEMENT");
        var create = adminSession.api("POST", "/api/v1/pupils", fixtures.newPupil().json(), PURPOSE, "DATA_MANAGEMENT");
        var normalExport = adminSession.api("GET", "/api/v1/pupils/export", null, PURPOSE, "CONTRACT_END_RETURN",
                "Custodian-Reason", "Trying the ordinary export", "Accept", "text/csv");
        var newToken = adminSession.api("POST", "/api/v1/api-tokens", "{\"name\":\"x\",\"scopes\":[\"import\"]}");
        for (var refused : List.of(read, create, normalExport, newToken)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("\"code\":\"school-terminated\"");
        }
        assertThat(location(adminSession.get("/pupils"))).endsWith("/grace-export");
        assertThat(count("select count(*) from pupil where school_id = ?")).isEqualTo(pupilsBefore);
        assertThat(count("select count(*) from api_token where school_id = ? and revoked_at is null")).isZero();

        // A pupil's ciphertext as a backup would hold it.
        UUID pupilId = tenancy.inSchool(school.id(), () -> jdbc.sql("select id from pupil where school_id = ? limit 1")
                .param(school.id()).query(UUID.class).single());
        byte[] forename = tenancy.inSchool(school.id(), () -> jdbc.sql("select forename_ct from pupil where id = ?")
                .param(pupilId).query(byte[].class).single());
        assertThat(cipher.decryptString(school.id(), pupilId, "forename", forename)).startsWith("Fakeforename");

        // The end of the grace period: purged.
        at(endsOn);
        jobs.run();

        assertThat(schools.forSystem(school.id()).orElseThrow().state()).isEqualTo(SchoolState.PURGED);
        PurgeReport report = purges.report(school.id()).orElseThrow();
        assertThat(report.counts()).anySatisfy(c -> {
            assertThat(c.category()).isEqualTo("PUPIL_RECORDS");
            assertThat(c.deleted()).isGreaterThanOrEqualTo(2);
            assertThat(c.idsSha256()).hasSize(64);
        });
        assertThat(report.counts()).extracting(PurgeReport.Count::category).doesNotContain("UNCATEGORISED");
        assertThat(rowsLeft()).as("rows of the school left in its tables").isEmpty();
        assertThat(keyCount("select count(*) from school_keyset where school_id = ?")).isZero();
        assertThat(keyCount("select count(*) from subject_data_key where school_id = ?")).isZero();
        assertThat(count("select count(*) from user_account where school_id = ?")).isZero();
        // Kept: the school's id, name and dates, its state changes.
        assertThat(count("select count(*) from school_state_change where school_id = ?")).isGreaterThanOrEqualTo(3);

        // Every path: the admin's session ended, sign-in knows no such account, the export and the gate refuse,
        // the old ciphertext no longer decrypts.
        assertThat(adminSession.api("GET", "/api/v1/grace-export/pupils.csv", null, "Accept", "text/csv").statusCode())
                .isEqualTo(401);
        assertThat(location(adminSession.get("/grace-export"))).contains("/login");
        assertThat(location(new Browser(port).signIn(admin.getUsername(), Fixtures.PASSWORD))).endsWith("/login?error");
        assertThatThrownBy(() -> gate.requireReturnAllowed(school.id())).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.code()).isEqualTo("school-purged"));
        assertThatThrownBy(() -> cipher.decryptString(school.id(), pupilId, "forename", forename))
                .isNotInstanceOf(AssertionError.class);
        // A signed PURGE certificate, from the report, emailed to the main contact.
        long deadline = System.currentTimeMillis() + 20_000;
        while (certificates.list(school.id()).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        var certificate = certificates.list(school.id()).stream()
                .filter(c -> c.kind() == org.custodian.retention.DeletionCertificates.Kind.PURGE).findFirst().orElseThrow();
        assertThat(certificate.document()).contains("PUPIL_RECORDS", "crypto-shredding and row deletion");
        while (subjectsToContact().stream().noneMatch(s -> s.startsWith("deletion certificate"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(subjectsToContact()).contains("deletion certificate for " + school.name());
        // The purge ran once: running the job again changes nothing, and no second certificate is made.
        jobs.run();
        assertThat(purges.report(school.id()).orElseThrow()).isEqualTo(report);
        assertThat(certificates.list(school.id())).hasSize(1);
    }

    @Test
    void aLegalHoldStopsThePurgeAndThePlatformPageSaysSo() {
        UUID hold = holds.place(admin, new LegalHolds.NewHold(LegalHolds.Scope.SCHOOL, null, null,
                "Claim against the school", LocalDate.now(clock).plusYears(1)));
        schools.transition(school.id(), SchoolState.TERMINATED, null, platformAdmin);
        LocalDate endsOn = schools.grace(school.id()).endsOn();
        at(endsOn.plusDays(1));
        long pupils = count("select count(*) from pupil where school_id = ?");

        jobs.run();

        assertThat(schools.forSystem(school.id()).orElseThrow().state()).isEqualTo(SchoolState.TERMINATED);
        Browser platform = fixtures.signedIn(port, platformAdmin);
        var page = platform.get("/platform/schools/" + school.id());
        assertThat(page.body()).contains("id=\"purge-held\"", "Purge held", "legal hold");
        var manual = platform.api("POST", "/api/v1/schools/" + school.id() + "/transitions", "{\"state\":\"PURGED\"}");
        assertThat(manual.statusCode()).isEqualTo(409);
        assertThat(manual.body()).contains("\"code\":\"school-under-legal-hold\"");
        assertThat(schools.forSystem(school.id()).orElseThrow().state()).isEqualTo(SchoolState.TERMINATED);
        assertThat(count("select count(*) from pupil where school_id = ?")).isEqualTo(pupils).isPositive();
        assertThat(keyCount("select count(*) from school_keyset where school_id = ?")).isPositive();
        assertThat(purges.report(school.id())).isEmpty();

        holds.lift(admin, hold);
        jobs.run();

        assertThat(schools.forSystem(school.id()).orElseThrow().state()).isEqualTo(SchoolState.PURGED);
        assertThat(count("select count(*) from pupil where school_id = ?")).isZero();
    }

    @Test
    void platformAdminsSetTheSchoolsOwnGracePeriod() {
        Browser platform = fixtures.signedIn(port, platformAdmin);

        var tooLong = platform.api("PUT", "/api/v1/schools/" + school.id() + "/grace", "{\"days\":4000}");
        var sixMonths = platform.api("PUT", "/api/v1/schools/" + school.id() + "/grace", "{\"days\":183}");
        schools.transition(school.id(), SchoolState.TERMINATED, null, platformAdmin);

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("\"code\":\"invalid-grace-period\"");
        assertThat(sixMonths.statusCode()).isEqualTo(200);
        assertThat(schools.grace(school.id()).endsOn())
                .isEqualTo(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(183));
        assertThat(platform.get("/platform/schools/" + school.id()).body()).contains("183 days");
        at(schools.grace(school.id()).endsOn().minusDays(31));
        jobs.run();
        assertThat(schools.forSystem(school.id()).orElseThrow().state()).isEqualTo(SchoolState.TERMINATED);
    }

    /** Moves the clock forward to noon (UTC) of the day. */
    private void at(LocalDate day) {
        Instant noon = day.atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC);
        assertThat(noon).isAfterOrEqualTo(clock.instant().minusSeconds(13 * 3600));
        clock.set(noon.isBefore(clock.instant()) ? clock.instant() : noon);
    }

    private List<String> subjectsToContact() throws Exception {
        List<String> subjects = new ArrayList<>();
        for (var message : mail.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().equalsIgnoreCase(school.contactEmail().value())) {
                subjects.add(message.getSubject().replace("Custodian: ", ""));
            }
        }
        return subjects;
    }

    /** Each table with a school_id column, other than those kept, that still has a row of the school. */
    private List<String> rowsLeft() {
        List<String> tables = jdbc.sql("""
                        select table_name from information_schema.columns
                         where table_schema = 'public' and column_name = 'school_id'
                           and table_name not in ('school_state_change', 'school_purge', 'termination_reminder',
                                                  'deletion_certificate')
                         order by table_name""")
                .query(String.class).list();
        return tenancy.inSchool(school.id(), () -> tables.stream()
                .filter(table -> jdbc.sql("select count(*) from " + table + " where school_id = ?").param(school.id())
                        .query(Long.class).single() > 0)
                .toList());
    }

    private long keyCount(String sql) {
        return keyTables.count(school.id(), sql, school.id());
    }

    private long count(String sql) {
        return tenancy.inSchool(school.id(), () -> jdbc.sql(sql).param(school.id()).query(Long.class).single());
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElse("");
    }
}
