package org.custodian.retention.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.accesslog.AccessLogVerifier;
import org.custodian.crypto.SigningKeys;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.retention.DeletionCertificates;
import org.custodian.retention.OfflineCertificateVerifier;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.PupilRecords;
import org.custodian.rights.LegalHolds;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Retention sweeps with a fixed clock: each swept category's rule fires on its boundary day and not
 * the day before, holds keep what they cover, a sweep stopped between batches resumes to the same
 * end, the access log verifies afterwards, approval mode refuses a stale preview, and the
 * certificate verifies offline until it is altered.
 */
@CustodianTest
class RetentionSweepIT {

    private static final ZoneId UK = ZoneId.of("Europe/London");

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired SweepProperties sweepProperties;
    @Autowired org.custodian.support.KeyTables keyTables;
    @Autowired Tenancy tenancy;
    @Autowired RetentionSweeps sweeps;
    @Autowired DeletionCertificates certificates;
    @Autowired LegalHolds holds;
    @Autowired AccessLog accessLog;
    @Autowired AccessLogVerifier verifier;
    @Autowired JsonMapper json;
    @Autowired PupilRecords records;

    Instant realNow;
    LocalDate today;
    UUID school;
    CustodianUser admin;
    CustodianUser dpo;
    CustodianUser teacher;

    @BeforeEach
    void school() {
        realNow = clock.instant();
        today = LocalDate.ofInstant(realNow, UK);
        // Midday, so "the day before" is never the same day in UTC and UK time.
        clock.set(today.atTime(LocalTime.NOON).atZone(UK).toInstant());
        School created = fixtures.school();
        school = created.id();
        admin = fixtures.schoolAdmin(school);
        fixtures.acceptAgreement(school, admin);
        dpo = fixtures.user(school, Role.DPO);
        teacher = fixtures.user(school, Role.TEACHER);
    }

    @AfterEach
    void restoreClock() {
        clock.set(realNow);
    }

    @Test
    void eachSweptRuleFiresOnItsBoundaryDayAndNotTheDayBefore() {
        Instant signInDue = at(today.minusDays(365));
        Instant signInKept = at(today.minusDays(364));
        UUID eventDue = securityEvent(signInDue);
        UUID eventKept = securityEvent(signInKept);
        UUID linkDue = invitation(at(today.minusDays(30)));
        UUID linkKept = invitation(at(today.minusDays(29)));
        UUID importDue = importJob(at(today.minusDays(90)));
        UUID importKept = importJob(at(today.minusDays(89)));
        UUID tombstoneDue = tombstone(at(today.minusYears(2)));
        UUID tombstoneKept = tombstone(at(today.minusYears(2).plusDays(1)));
        UUID leaverDue = leaver(today.minusYears(1));
        UUID leaverKept = leaver(today.minusYears(1).plusDays(1));
        Instant now = clock.instant();
        clock.set(at(today.minusYears(2)));
        logAccess();
        clock.set(at(today.minusYears(2).plusDays(1)));
        logAccess();
        clock.set(now);
        // After the old accesses: the log removes a prefix of its positions, and this one logs a creation today.
        UUID realLeaver = realLeaver(today.minusYears(1));

        var preview = sweeps.preview(school);
        assertThat(counts(preview.entries())).containsEntry("SIGN_IN_RECORDS", 1L).containsEntry("ONE_TIME_LINKS", 1L)
                .containsEntry("IMPORT_FILES", 1L).containsEntry("ERASURE_TOMBSTONES", 1L)
                .containsEntry("PUPIL_RECORDS", 2L).containsEntry("ACCESS_LOG", 1L);

        var certificate = sweeps.sweep(school).orElseThrow();

        assertThat(exists("security_event", eventDue)).isFalse();
        assertThat(exists("security_event", eventKept)).isTrue();
        assertThat(exists("user_invitation", linkDue)).isFalse();
        assertThat(exists("user_invitation", linkKept)).isTrue();
        assertThat(exists("import_job", importDue)).isFalse();
        assertThat(exists("import_job", importKept)).isTrue();
        assertThat(exists("erased_pupil", tombstoneDue)).isFalse();
        assertThat(exists("erased_pupil", tombstoneKept)).isTrue();
        assertThat(exists("pupil", leaverDue)).isFalse();
        assertThat(exists("pupil", leaverKept)).isTrue();
        assertThat(exists("pupil", realLeaver)).isFalse();
        assertThat(keyCount("select count(*) from subject_data_key where school_id = ? and subject_id = '" + realLeaver + "'"))
                .as("the leaver's data key is destroyed").isZero();
        assertThat(keyCount("select count(*) from erased_subject where school_id = ? and subject_id = '" + realLeaver + "'"))
                .isEqualTo(1);
        assertThat(count("select count(*) from erased_pupil where school_id = ? and purpose = 'RETENTION_PERIOD_ENDED'"))
                .as("a tombstone, as an erasure leaves").isEqualTo(1);
        assertThat(verifier.verify(school).intact()).as("the access log verifies after removal").isTrue();
        assertThat(verifier.verify(school).entriesRemovedUnderRetention()).isEqualTo(1);

        JsonNode document = json.readTree(certificate.document());
        Map<String, Long> certified = counts(document);
        assertThat(certified).containsEntry("SIGN_IN_RECORDS", 1L).containsEntry("ONE_TIME_LINKS", 1L)
                .containsEntry("IMPORT_FILES", 1L).containsEntry("ERASURE_TOMBSTONES", 1L)
                .containsEntry("PUPIL_RECORDS", 2L).containsEntry("ACCESS_LOG", 1L);
        assertThat(method(document, "PUPIL_RECORDS")).isEqualTo("crypto-shredding and row deletion");
        assertThat(method(document, "SIGN_IN_RECORDS")).isEqualTo("row deletion");
        assertThat(sweeps.sweep(school)).as("nothing more is due today").isEmpty();
    }

    @Test
    void aHoldOnTheCategoryOrTheSubjectKeepsWhatItCovers() {
        UUID event = securityEvent(at(today.minusDays(400)));
        UUID heldLeaver = leaver(today.minusYears(3));
        UUID restrictedLeaver = leaver(today.minusYears(3));
        UUID leaver = leaver(today.minusYears(3));
        // Restricted (Art 18): kept past the period like a held pupil.
        tenancy.inSchool(school, () -> jdbc.sql("""
                        insert into pupil_restriction (school_id, pupil_id, since, decided_by, rights_request_id)
                        values (?, ?, now(), ?, ?)""")
                .params(school, restrictedLeaver, dpo.id(), UUID.randomUUID()).update());
        assertThat(counts(sweeps.preview(school).entries())).as("the restricted leaver is not counted")
                .containsEntry("PUPIL_RECORDS", 2L);
        holds.place(dpo, new LegalHolds.NewHold(LegalHolds.Scope.CATEGORY, null, "SIGN_IN_RECORDS", "A claim",
                today.plusMonths(1)));
        holds.place(dpo, new LegalHolds.NewHold(LegalHolds.Scope.PUPIL, heldLeaver, null, "A claim", today.plusMonths(1)));

        var certificate = sweeps.sweep(school).orElseThrow();

        assertThat(exists("security_event", event)).isTrue();
        assertThat(exists("pupil", heldLeaver)).isTrue();
        assertThat(exists("pupil", restrictedLeaver)).isTrue();
        assertThat(exists("pupil", leaver)).isFalse();
        assertThat(counts(json.readTree(certificate.document()))).containsOnlyKeys("PUPIL_RECORDS");
    }

    @Test
    void aSweepStoppedBetweenBatchesResumesAndEndsInTheSameState() {
        int batch = sweepProperties.sweepBatchSize();
        int due = batch * 2 + batch / 2;
        List<UUID> events = tenancy.inSchool(school, () -> jdbc.sql("""
                        insert into security_event (school_id, id, occurred_at, type)
                        select ?, gen_random_uuid(), ?, 'SIGN_IN' from generate_series(1, ?) returning id""")
                .params(school, at(today.minusDays(500)).atOffset(ZoneOffset.UTC), due).query(UUID.class).list());
        UUID kept = securityEvent(at(today.minusDays(10)));

        assertThat(sweeps.sweep(school, 1)).as("stopped after one batch").isEmpty();
        assertThat(count("select count(*) from security_event where school_id = ?")).isEqualTo(due - batch + 1);
        assertThat(sweeps.sweep(school, 1)).as("stopped again after the second batch").isEmpty();
        assertThat(count("select count(*) from security_event where school_id = ?")).isEqualTo(due - 2 * batch + 1);
        assertThat(certificates.list(school)).isEmpty();

        var certificate = sweeps.sweep(school).orElseThrow();

        assertThat(count("select count(*) from security_event where school_id = ?")).isEqualTo(1);
        assertThat(exists("security_event", kept)).isTrue();
        JsonNode document = json.readTree(certificate.document());
        assertThat(counts(document)).containsExactly(Map.entry("SIGN_IN_RECORDS", (long) due));
        assertThat(document.path("deletedIds").path("sha256").asString()).isEqualTo(JdbcDeletionCertificates.idsDigest(
                events.stream().map(id -> "security_event:" + id).toList()));
        assertThat(certificates.list(school)).hasSize(1);
        assertThat(sweeps.sweep(school)).isEmpty();
    }

    @Test
    void approvalModeRefusesAStalePreviewAndDeletesNothing() {
        Browser adminBrowser = fixtures.signedIn(port, admin);
        Browser dpoBrowser = fixtures.signedIn(port, dpo);
        assertThat(adminBrowser.api("PUT", "/api/v1/retention/sweep-mode", "{\"approvalRequired\": true}").statusCode())
                .isEqualTo(200);
        UUID first = securityEvent(at(today.minusDays(400)));
        String previewId = json.readTree(dpoBrowser.api("GET", "/api/v1/retention/preview", null).body()).get("id").asString();
        UUID second = securityEvent(at(today.minusDays(400)));

        var stale = dpoBrowser.api("POST", "/api/v1/retention/previews/" + previewId + "/approval", null);

        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
        assertThat(stale.body()).contains("stale-preview");
        assertThat(sweeps.sweep(school)).isEmpty();
        assertThat(exists("security_event", first)).isTrue();
        assertThat(exists("security_event", second)).isTrue();

        UUID fresh = sweeps.preview(school).id();
        clock.advance(java.time.Duration.ofHours(25));
        assertThatThrownBy(() -> sweeps.approve(dpo, fresh)).as("older than the allowed age")
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("stale-preview"));
        assertThat(sweeps.sweep(school)).isEmpty();
        assertThat(exists("security_event", first)).isTrue();

        LocalDate current = LocalDate.ofInstant(clock.instant(), UK);
        UUID dueTomorrow = securityEvent(at(current.minusDays(364)));
        UUID approved = sweeps.preview(school).id();
        assertThat(sweeps.approve(dpo, approved).approvedBy()).isEqualTo(dpo.id());
        clock.advance(java.time.Duration.ofDays(1));

        var certificate = sweeps.sweep(school).orElseThrow();

        assertThat(counts(json.readTree(certificate.document()))).containsExactly(Map.entry("SIGN_IN_RECORDS", 2L));
        assertThat(exists("security_event", first)).isFalse();
        assertThat(exists("security_event", second)).isFalse();
        assertThat(exists("security_event", dueTomorrow)).as("due now, but not covered by the approved preview").isTrue();
        assertThat(sweeps.sweep(school)).as("no approved preview left").isEmpty();
    }

    @Test
    void theCertificateVerifiesOfflineAndFailsWhenAltered(@TempDir Path dir) throws Exception {
        securityEvent(at(today.minusDays(400)));
        leaver(today.minusYears(2));
        var certificate = sweeps.sweep(school).orElseThrow();
        Browser adminBrowser = fixtures.signedIn(port, admin);

        var download = adminBrowser.api("GET", "/api/v1/retention/certificates/" + certificate.id() + ".json", null);
        var pdf = adminBrowser.api("GET", "/api/v1/retention/certificates/" + certificate.id() + ".pdf", null);
        var list = adminBrowser.api("GET", "/api/v1/retention/certificates", null);
        var page = adminBrowser.get("/school/retention/sweeps");

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.body()).startsWith("%PDF");
        assertThat(list.body()).contains(certificate.id().toString());
        assertThat(page.body()).contains(certificate.id() + ".pdf");
        Path key = Files.writeString(dir.resolve("key.pem"), SigningKeys.PublicKey.pem(certificate.publicKey()));
        Path good = Files.writeString(dir.resolve("c.json"), download.body());
        assertThat(verify(good, key)).isEqualTo(OfflineCertificateVerifier.OK);

        String altered = download.body().replace("\"category\":\"SIGN_IN_RECORDS\",\"count\":1,", "\"category\":\"SIGN_IN_RECORDS\",\"count\":2,");
        assertThat(altered).isNotEqualTo(download.body());
        assertThat(verify(Files.writeString(dir.resolve("altered.json"), altered), key)).isEqualTo(OfflineCertificateVerifier.BROKEN);
        // Reformatting is not altering: the signature is over the canonical form.
        String reformatted = json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(download.body()));
        assertThat(verify(Files.writeString(dir.resolve("pretty.json"), reformatted), key)).isEqualTo(OfflineCertificateVerifier.OK);
        assertThat(fixtures.signedIn(port, teacher).api("GET", "/api/v1/retention/certificates", null).statusCode())
                .isEqualTo(403);
    }

    // ---- helpers

    private static int verify(Path certificate, Path key) {
        var out = new ByteArrayOutputStream();
        return OfflineCertificateVerifier.run(new String[] {"--certificate", certificate.toString(), "--public-key",
                key.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private Instant at(LocalDate day) {
        return day.atTime(10, 0).atZone(UK).toInstant();
    }

    private UUID securityEvent(Instant at) {
        UUID id = UUID.randomUUID();
        tenancy.inSchool(school, () -> jdbc.sql("insert into security_event (school_id, id, occurred_at, type) values (?, ?, ?, 'SIGN_IN')")
                .params(school, id, at.atOffset(ZoneOffset.UTC)).update());
        return id;
    }

    private UUID invitation(Instant createdAt) {
        UUID id = UUID.randomUUID();
        CustodianUser invited = fixtures.user(school, Role.TEACHER);
        tenancy.inSchool(school, () -> jdbc.sql("""
                        insert into user_invitation (school_id, id, user_id, token_hash, created_at, expires_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(school, id, invited.id(), UUID.randomUUID().toString(), createdAt.atOffset(ZoneOffset.UTC),
                        createdAt.plus(java.time.Duration.ofDays(7)).atOffset(ZoneOffset.UTC)).update());
        return id;
    }

    private UUID importJob(Instant createdAt) {
        UUID id = UUID.randomUUID();
        tenancy.inSchool(school, () -> jdbc.sql("""
                        insert into import_job (school_id, id, format, full_file, state, file_bytes, content_hash,
                                                created_by, created_at, heartbeat_at)
                        values (?, ?, 'CSV', false, 'COMMITTED', 10, ?, ?, ?, ?)""")
                .params(school, id, new byte[32], admin.id(), createdAt.atOffset(ZoneOffset.UTC),
                        createdAt.atOffset(ZoneOffset.UTC)).update());
        return id;
    }

    private UUID tombstone(Instant erasedAt) {
        UUID id = UUID.randomUUID();
        tenancy.inSchool(school, () -> jdbc.sql("""
                        insert into erased_pupil (school_id, id, upn_index, purpose, erased_at) values (?, ?, ?, 'TEST', ?)""")
                .params(school, id, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8),
                        erasedAt.atOffset(ZoneOffset.UTC)).update());
        return id;
    }

    private UUID leaver(LocalDate leftOn) {
        UUID id = fixtures.pupil(school);
        tenancy.inSchool(school, () -> jdbc.sql("update pupil set leaving_date = ? where school_id = ? and id = ?")
                .params(leftOn, school, id).update());
        return id;
    }

    private UUID realLeaver(LocalDate leftOn) {
        CustodianUser dataManager = fixtures.user(school, Role.DATA_MANAGER);
        var pupil = fixtures.newPupil();
        UUID id = records.create(new AccessContext(dataManager, "DATA_MANAGEMENT", null, null, null),
                new PupilData(pupil.upn(), pupil.forename(), pupil.surname(), pupil.dateOfBirth(), "A1", "F", "7", "7A",
                        List.of("7A/Ma1"), Map.of())).id();
        tenancy.inSchool(school, () -> jdbc.sql("update pupil set leaving_date = ? where school_id = ? and id = ?")
                .params(leftOn, school, id).update());
        return id;
    }

    private void logAccess() {
        tenancy.inSchool(school, () -> accessLog.append(new AccessEntry(school, teacher.id(), "TEACHER",
                List.of(UUID.randomUUID()), List.of("name"), AccessAction.READ, "TEACHING_AND_LEARNING", null, "req", null)));
    }

    private boolean exists(String table, UUID id) {
        return tenancy.inSchool(school, () -> jdbc.sql("select exists (select 1 from " + table + " where school_id = ? and id = ?)")
                .params(school, id).query(Boolean.class).single());
    }

    private long keyCount(String sql) {
        return keyTables.count(school, sql, school);
    }

    private long count(String sql) {
        return tenancy.inSchool(school, () -> jdbc.sql(sql).params(school).query(Long.class).single());
    }

    private static Map<String, Long> counts(List<RetentionSweeps.Entry> entries) {
        return entries.stream().filter(e -> e.count() > 0)
                .collect(Collectors.toMap(RetentionSweeps.Entry::category, RetentionSweeps.Entry::count));
    }

    private static Map<String, Long> counts(JsonNode document) {
        var result = new java.util.LinkedHashMap<String, Long>();
        document.path("categories").forEach(row -> result.put(row.path("category").asString(), row.path("count").asLong()));
        return result;
    }

    private static String method(JsonNode document, String category) {
        for (JsonNode row : document.path("categories")) {
            if (category.equals(row.path("category").asString())) {
                return row.path("method").asString();
            }
        }
        return null;
    }
}
