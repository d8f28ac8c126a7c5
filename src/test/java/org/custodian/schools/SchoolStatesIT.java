package org.custodian.schools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import org.custodian.identity.ApiTokens;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.misimport.MisImports;
import org.custodian.misimport.SyntheticSchoolData;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The school's state on every path to its pupil data: a matrix of states (in service, terminated,
 * purged) by paths (an existing session's page, API read, create and export; a fresh sign-in; an
 * API-token import; an in-process import job; the gate itself). Out of service, every path is
 * refused and nothing is written.
 */
@CustodianTest
class SchoolStatesIT {

    private static final String PURPOSE = "Custodian-Purpose";
    private static final String REASON = "Custodian-Reason";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired Schools schools;
    @Autowired ApiTokens apiTokens;
    @Autowired MisImports imports;
    @Autowired PupilDataGate gate;
    @Autowired SecurityEvents events;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;

    School school;
    CustodianUser platformAdmin;
    CustodianUser admin;
    CustodianUser dataManager;
    Browser session;
    String token;

    @BeforeEach
    void anActiveSchoolWithASignedInDataManagerAPupilAndAnImportToken() {
        school = fixtures.school();
        platformAdmin = fixtures.platformAdmin();
        schools.transition(school.id(), SchoolState.ACTIVE, null, platformAdmin);
        admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        dataManager = fixtures.user(school.id(), Role.DATA_MANAGER);
        session = fixtures.signedIn(port, dataManager);
        assertThat(createPupil().statusCode()).isEqualTo(201);
        session.postForm("/pupils/purpose", "/pupils/purpose",
                Map.of("purpose", "DATA_MANAGEMENT", "reason", "", "size", "25", "next", "/pupils"));
        token = apiTokens.issue(admin, "MIS nightly", Set.of("import"), null).secret();
    }

    @ParameterizedTest
    @EnumSource(value = SchoolState.class, names = {"ACTIVE", "TERMINATED", "PURGED"})
    void everyPathToPupilDataFollowsTheSchoolsState(SchoolState state) {
        moveTo(state);
        Written before = written();

        var page = session.get("/pupils");
        var read = session.api("GET", "/api/v1/pupils", null, PURPOSE, "DATA_MANAGEMENT");
        var create = createPupil();
        var export = session.api("GET", "/api/v1/pupils/export", null, PURPOSE, "DATA_MANAGEMENT",
                REASON, "Census return check", "Accept", "text/csv");
        var signIn = new Browser(port).signIn(dataManager.getUsername(), Fixtures.PASSWORD);
        var tokenImport = new Browser(port).upload("/api/v1/imports", "pupils.csv", csv(), Map.of(),
                "Authorization", "Bearer " + token);
        Throwable importJob = catchThrowable(() -> imports.importAndWait(dataManager,
                new ByteArrayInputStream(csv()), false, Duration.ofSeconds(60)));
        Throwable gateCheck = catchThrowable(() -> gate.requireProcessingAllowed(school.id()));

        if (state.inService()) {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(create.statusCode()).isEqualTo(201);
            assertThat(export.statusCode()).isEqualTo(200);
            assertThat(location(signIn)).doesNotContain("/login");
            assertThat(tokenImport.statusCode()).as(tokenImport.body()).isEqualTo(202);
            assertThat(importJob).isNull();
            assertThat(gateCheck).isNull();
            awaitImportsSettled();
            return;
        }
        String code = "school-" + state.name().toLowerCase();
        // The existing session ended at the transition: pages send it to sign in, the API answers 401.
        assertThat(location(page)).contains("/login");
        for (var refused : java.util.List.of(read, create, export)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("\"code\":\"unauthenticated\"");
        }
        // A fresh sign-in with the right password is told why, and gets no session; once purged, the
        // account itself is gone.
        assertThat(location(signIn)).endsWith(state == SchoolState.PURGED ? "/login?error" : "/login?school-closed");
        // The token was revoked at the transition.
        assertThat(tokenImport.statusCode()).isEqualTo(401);
        assertThat(tokenImport.body()).contains("\"code\":\"invalid-token\"");
        // Paths with no session or token (in-process jobs), and any session that outlived the transition, meet the gate.
        assertThat(importJob).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.code()).isEqualTo(code));
        assertThat(gateCheck).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.status().value()).isEqualTo(403);
        });
        assertThat(written()).isEqualTo(before);
        assertThat(before.sessions()).isZero();
        assertThat(before.liveTokens()).isZero();
    }

    @Test
    void leavingServiceEndsSessionsAndRevokesTokensAsThePlatformAdminAndReinstatingAdmitsSignInButNotTheOldToken() {
        assertThat(written().sessions()).isPositive();

        schools.transition(school.id(), SchoolState.TERMINATED, null, platformAdmin);

        assertThat(written().sessions()).isZero();
        assertThat(apiTokens.list(school.id())).singleElement().satisfies(revoked -> {
            assertThat(revoked.revokedAt()).isNotNull();
            assertThat(revoked.revokedBy()).isEqualTo(platformAdmin.id());
        });
        var recorded = events.list(school.id(), null, null, null, 50);
        assertThat(recorded).anySatisfy(event -> {
            assertThat(event.type()).isEqualTo(SecurityEventType.SESSION_REVOKED);
            assertThat(event.userId()).isEqualTo(dataManager.id());
            assertThat(event.actorId()).isEqualTo(platformAdmin.id());
            assertThat(event.detail()).isEqualTo("school-terminated");
        });
        assertThat(recorded).anySatisfy(event -> {
            assertThat(event.type()).isEqualTo(SecurityEventType.API_TOKEN_REVOKED);
            assertThat(event.detail()).endsWith("school-terminated");
        });

        schools.transition(school.id(), SchoolState.ACTIVE, null, platformAdmin);

        assertThat(location(new Browser(port).signIn(dataManager.getUsername(), Fixtures.PASSWORD)))
                .doesNotContain("/login");
        var oldToken = new Browser(port).upload("/api/v1/imports", "pupils.csv", csv(), Map.of(),
                "Authorization", "Bearer " + token);
        assertThat(oldToken.statusCode()).isEqualTo(401);
    }

    @Test
    void theSignInPageSaysWhyOnlyAfterTheRightPassword() {
        schools.transition(school.id(), SchoolState.TERMINATED, null, platformAdmin);

        var wrongPassword = new Browser(port).signIn(dataManager.getUsername(), "Not-the-passw0rd");
        Browser refused = new Browser(port);
        String closed = location(refused.signIn(dataManager.getUsername(), Fixtures.PASSWORD));

        assertThat(location(wrongPassword)).endsWith("/login?error");
        assertThat(closed).endsWith("/login?school-closed");
        assertThat(refused.get("/login?school-closed").body()).contains("Your school's use of Custodian has ended");
    }

    private void moveTo(SchoolState state) {
        if (state.inService()) {
            return;
        }
        schools.transition(school.id(), SchoolState.TERMINATED, null, platformAdmin);
        if (state == SchoolState.PURGED) {
            schools.transition(school.id(), SchoolState.PURGED, null, platformAdmin);
        }
    }

    private HttpResponse<String> createPupil() {
        return session.api("POST", "/api/v1/pupils", fixtures.newPupil().json(), PURPOSE, "DATA_MANAGEMENT");
    }

    private byte[] csv() {
        var out = new ByteArrayOutputStream();
        new SyntheticSchoolData(new SyntheticSchoolData.Settings(school.urn(), school.laCode(),
                school.establishmentNumber(), 3, 7, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))).writeCsv(out);
        return out.toByteArray();
    }

    /** What any path could have written: pupils, access-log entries, imports, sessions of the school's people, live tokens. */
    private record Written(long pupils, long accessLogEntries, long imports, long sessions, long liveTokens) {
    }

    private Written written() {
        return tenancy.inSchool(school.id(), () -> new Written(
                count("select count(*) from pupil where school_id = ?"),
                count("select count(*) from access_log_entry where school_id = ?"),
                count("select count(*) from import_job where school_id = ?"),
                count("select count(*) from spring_session s join user_account u on s.principal_name = u.id::text"
                        + " where u.school_id = ?"),
                count("select count(*) from api_token where school_id = ? and revoked_at is null")));
    }

    private long count(String sql) {
        return jdbc.sql(sql).param(school.id()).query(Long.class).single();
    }

    /** Waits for the control's background previews and commits to finish, so none outlives the test. */
    private void awaitImportsSettled() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (tenancy.inSchool(school.id(), () -> count(
                "select count(*) from import_job where school_id = ? and state in ('PREVIEWING', 'COMMITTING')")) > 0) {
            assertThat(Instant.now()).as("imports still running").isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElse("(no redirect: " + response.statusCode() + ")");
    }
}
