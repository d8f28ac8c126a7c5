package org.custodian.misimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.ImportJobs;
import org.custodian.support.PendingErasures;
import org.custodian.support.ImportCrash;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * MIS imports end to end through the API: upload, preview, commit; re-import; leavers; crash
 * part-way; erased pupils; switched-off categories; bad files. Nothing is written before a commit,
 * and a failed commit leaves the school's data as it was.
 */
@CustodianTest
class ImportIT {

    static final String PURPOSE = "Custodian-Purpose";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired JsonMapper json;
    @Autowired TestClock clock;
    @Autowired ImportCrash crash;

    School school;
    CustodianUser admin;
    Browser dataManager;

    @BeforeEach
    void schoolThatAcceptedTheAgreement() {
        school = fixtures.school();
        admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
    }

    @Test
    void aCsvIsPreviewedWithoutWritingThenCommittedAsAWhole() {
        JsonNode preview = preview(dataManager, csv(60, 1), "pupils.csv", Map.of());
        assertThat(preview.get("state").asString()).isEqualTo("PREVIEWED");
        assertThat(preview.at("/preview/pupils").asInt()).isEqualTo(60);
        assertThat(preview.at("/preview/created").asInt()).isEqualTo(60);
        assertThat(preview.at("/preview/problems").size()).isZero();
        assertThat(pupilsStored()).isZero();
        assertThat(sealedFiles()).as("the upload waits, encrypted, for its commit").hasSize(1);

        JsonNode committed = commit(dataManager, preview);
        assertThat(sealedFiles()).as("and is deleted when the import ends").isEmpty();
        assertThat(committed.get("state").asString()).isEqualTo("COMMITTED");
        assertThat(committed.at("/result/created").asInt()).isEqualTo(60);
        assertThat(pupilsStored()).isEqualTo(60);
        assertThat(listedTotal()).isEqualTo(60);
        assertThat(classMemberships()).as("registration groups and classes from the CSV").isEqualTo(120);
    }

    @Test
    void reImportingTheSameFileChangesNothing() {
        byte[] file = csv(30, 2);
        commit(dataManager, preview(dataManager, file, "pupils.csv", Map.of()));
        List<Long> versions = versions();

        JsonNode again = preview(dataManager, file, "pupils.csv", Map.of());
        assertThat(again.at("/preview/identicalToEarlierImport").asBoolean()).isTrue();
        assertThat(again.at("/preview/unchanged").asInt()).isEqualTo(30);
        assertThat(again.at("/preview/created").asInt() + again.at("/preview/changed").asInt()).isZero();
        commit(dataManager, again);

        assertThat(pupilsStored()).isEqualTo(30);
        assertThat(versions()).isEqualTo(versions);
    }

    @Test
    void pupilsMissingFromAFullFileBecomeLeavers() {
        commit(dataManager, preview(dataManager, csv(40, 3), "pupils.csv", Map.of("full", "true")));

        JsonNode preview = preview(dataManager, csv(30, 3), "pupils.csv", Map.of("full", "true"));
        assertThat(preview.at("/preview/leavers").asInt()).isEqualTo(10);
        assertThat(preview.at("/preview/unchanged").asInt()).isEqualTo(30);
        commit(dataManager, preview);

        assertThat(pupilsStored()).isEqualTo(40);
        assertThat(listedTotal()).as("leavers drop out of the default list").isEqualTo(30);
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select count(*) from pupil where school_id = ? and leaving_date is not null")
                .params(school.id()).query(Long.class).single())).isEqualTo(10);
    }

    @Test
    void aCommitThatCrashesPartWayLeavesThePreviousDataIntact() {
        commit(dataManager, preview(dataManager, csv(20, 4), "pupils.csv", Map.of()));
        List<Long> versions = versions();

        JsonNode preview = preview(dataManager, csv(60, 4), "pupils.csv", Map.of());
        long logEntries = accessLogEntries();
        crash.arm(java.util.UUID.fromString(preview.get("id").asString()), 25);
        JsonNode failed = commit(dataManager, preview);

        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("errorCode").asString()).isEqualTo("commit-failed");
        assertThat(pupilsStored()).isEqualTo(20);
        assertThat(versions()).isEqualTo(versions);
        assertThat(accessLogEntries()).as("the commit's log entries rolled back with it; one entry records the attempt")
                .isEqualTo(logEntries + 1);
        assertThat(lastEntry()).isEqualTo(new LoggedAttempt("IMPORT_FAILED", List.of(),
                List.of("import.compared:25", "import.failed:commit-failed"), "DATA_MANAGEMENT", true));

        Browser adminBrowser = fixtures.signedIn(port, admin);
        assertThat(adminBrowser.get("/school/access-log?action=IMPORT_FAILED").body())
                .as("the review page says it in words")
                .contains("Import attempted, 25 pupils compared, failed: commit-failed");
    }

    @Test
    void aPreviewThatFailsPartWayRecordsItsAttemptButAFileRefusedOnItsHeaderReadsNoPupils() {
        long logEntries = accessLogEntries();
        JsonNode empty = preview(dataManager, new byte[0], "empty.csv", Map.of());
        assertThat(empty.get("state").asString()).isEqualTo("FAILED");
        assertThat(accessLogEntries()).as("refused before any pupil was compared: nothing to record")
                .isEqualTo(logEntries);

        // 30 good rows (a batch of 25 is compared), then a row with a field over the size limit.
        StringBuilder content = new StringBuilder(new String(csv(30, 7), StandardCharsets.UTF_8));
        content.append(validUpn(40)).append(",Fake").append("x".repeat(10 * 1024 * 1024))
                .append(",Fakesurname,01/09/2014,F,,7,,,,,,,,,\r\n");
        JsonNode failed = preview(dataManager, content.toString().getBytes(StandardCharsets.UTF_8), "big.csv", Map.of());

        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        String code = failed.get("errorCode").asString();
        assertThat(code).isEqualTo("value-too-long");
        assertThat(accessLogEntries()).isEqualTo(logEntries + 1);
        LoggedAttempt entry = lastEntry();
        assertThat(entry.action()).isEqualTo("IMPORT_FAILED");
        assertThat(entry.subjects()).isEmpty();
        assertThat(entry.fields()).containsExactly("import.compared:25", "import.failed:" + code);
        assertThat(pupilsStored()).isZero();
    }

    /** Age for year is judged by the file's academic year, so last year's files still import. */
    @Test
    void aCtfFromAnEarlierAcademicYearIsJudgedByItsOwnYearAndCommits() {
        Instant saved = clock.instant();
        clock.set(Instant.parse("2026-11-02T10:00:00Z"));
        try {
            Browser manager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
            var out = new ByteArrayOutputStream();
            new SyntheticSchoolData(new SyntheticSchoolData.Settings(school.urn(), school.laCode(),
                    school.establishmentNumber(), 40, 21, LocalDate.of(2024, 10, 1))).writeCtf(out, false);

            JsonNode preview = preview(manager, out.toByteArray(), "ctf.xml", Map.of());
            assertThat(preview.at("/preview/problems").toString()).isEqualTo("[]");
            assertThat(preview.at("/preview/academicYear").asString()).isEqualTo("2024/25");
            JsonNode committed = commit(manager, preview);

            assertThat(committed.get("state").asString()).isEqualTo("COMMITTED");
            assertThat(committed.at("/result/created").asInt()).isEqualTo(40);
            assertThat(committed.at("/result/academicYear").asString()).isEqualTo("2024/25");
        } finally {
            clock.set(saved);
        }
    }

    /** A CSV says nothing of its year: the uploader's reference date gives it, else today does. */
    @Test
    void aCsvIsJudgedByTheReferenceDateItIsUploadedWith() {
        Instant saved = clock.instant();
        clock.set(Instant.parse("2026-11-02T10:00:00Z"));
        try {
            Browser manager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
            var out = new ByteArrayOutputStream();
            new SyntheticSchoolData(new SyntheticSchoolData.Settings(school.urn(), school.laCode(),
                    school.establishmentNumber(), 20, 22, LocalDate.of(2024, 10, 1))).writeCsv(out);
            byte[] file = out.toByteArray();

            JsonNode asOfToday = preview(manager, file, "pupils.csv", Map.of());
            JsonNode withDate = preview(manager, file, "pupils.csv", Map.of("referenceDate", "2024-10-01"));
            var badDate = manager.upload("/api/v1/imports", "pupils.csv", file, Map.of("referenceDate", "01/10/2024"));
            var futureDate = manager.upload("/api/v1/imports", "pupils.csv", file, Map.of("referenceDate", "2027-01-01"));

            assertThat(asOfToday.at("/preview/academicYear").asString()).isEqualTo("2026/27");
            assertThat(asOfToday.at("/preview/problems/0/code").asString()).isEqualTo("implausible-for-year");
            assertThat(withDate.at("/preview/academicYear").asString()).isEqualTo("2024/25");
            assertThat(withDate.at("/preview/problems").toString()).isEqualTo("[]");
            assertThat(commit(manager, withDate).get("state").asString()).isEqualTo("COMMITTED");
            assertThat(badDate.statusCode()).isEqualTo(400);
            assertThat(badDate.body()).contains("\"code\":\"invalid-reference-date\"").doesNotContain("01/10/2024");
            assertThat(futureDate.statusCode()).isEqualTo(400);
        } finally {
            clock.set(saved);
        }
    }

    @Test
    void aPupilErasedEarlierIsFlaggedNotBroughtBack() {
        byte[] file = csv(5, 5);
        commit(dataManager, preview(dataManager, file, "pupils.csv", Map.of()));
        String someone = tenancy.inSchool(school.id(), () -> jdbc.sql(
                "select id::text from pupil where school_id = ? limit 1").params(school.id()).query(String.class).single());
        Browser dpo = fixtures.signedIn(port, fixtures.user(school.id(), Role.DPO));
        PendingErasures.confirm(fixtures, port, school.id(), dpo.api("DELETE", "/api/v1/pupils/" + someone, null,
                PURPOSE, "SUBJECT_RIGHTS_REQUEST", "Custodian-Reason", "Erasure request"));

        JsonNode preview = preview(dataManager, file, "pupils.csv", Map.of());
        assertThat(preview.at("/preview/previouslyErased").asInt()).isEqualTo(1);
        assertThat(preview.at("/preview/problems/0/code").asString()).isEqualTo("previously-erased");
        String id = preview.get("id").asString();
        assertThat(dpo.get("/api/v1/imports/" + id).statusCode()).as("the DPO sees the flag").isEqualTo(200);
        assertThat(dpo.api("GET", "/imports/" + id, null, "Accept", "text/html").body())
                .contains("Erased before: not added again", "the DPO must decide").doesNotContain("id=\"commit\"");
        assertThat(dpo.api("POST", "/api/v1/imports/" + id + "/commit", null).statusCode())
                .as("but does not import").isEqualTo(403);
        commit(dataManager, preview);
        assertThat(pupilsStored()).isEqualTo(4);
    }

    @Test
    void valuesOfSwitchedOffCategoriesAreDroppedAndCountedNeverStored() {
        JsonNode preview = preview(dataManager, csv(20, 6), "pupils.csv", Map.of());
        assertThat(preview.at("/preview/droppedCategories").propertyNames()).contains("ETHNICITY", "FIRST_LANGUAGE");
        commit(dataManager, preview);
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select count(*) from pupil_category_value where school_id = ?")
                .params(school.id()).query(Long.class).single())).isZero();
    }

    @Test
    void invalidRowsAreReportedWithLocationAndCodeButNoValueAndBlockTheCommit() {
        String header = String.join(",", SyntheticSchoolData.CSV_HEADER) + "\r\n";
        String badUpn = "A99940012601Z"; // wrong check letter
        String content = header
                + badUpn + ",Fakeforenamea,Fakesurnamea,01/09/2014,F,,7,7A,,,,,,,,\r\n"
                + validUpn(1) + ",Fakeforenameb,Fakesurnameb,31/02/2014,F,,7,7A,,,,,,,,\r\n"
                + validUpn(2) + ",Fakeforenamec,Fakesurnamec,01/09/2014,F,,17,7A,,,,,,,,\r\n"
                + validUpn(3) + ",Fakeforenamed,Fakesurnamed,01/09/2014,F,,7,7A,,,,,,,,\r\n"
                + validUpn(3) + ",Fakeforenamee,Fakesurnamee,01/09/2014,F,,7,7A,,,,,,,,\r\n";
        JsonNode preview = preview(dataManager, content.getBytes(StandardCharsets.UTF_8), "bad.csv", Map.of());

        assertThat(preview.at("/preview/invalid").asInt() + preview.at("/preview/duplicates").asInt()).isEqualTo(4);
        List<String> codes = preview.at("/preview/problems").valueStream().map(p -> p.get("code").asString()).toList();
        assertThat(codes).contains("invalid-upn", "invalid-date", "unknown-code", "duplicate-upn");
        assertThat(preview.at("/preview/problems/0/location").asString()).isEqualTo("line 2");
        String everything = preview.toString() + dataManager.get("/api/v1/imports/" + preview.get("id").asString()
                + "/report.csv").body();
        assertThat(everything).doesNotContain(badUpn, "Fakeforenamea", "Fakesurnameb", validUpn(3));

        HttpResponse<String> refused = dataManager.api("POST", "/api/v1/imports/" + preview.get("id").asString()
                + "/commit", null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("not-committable");
        assertThat(pupilsStored()).isZero();
    }

    @Test
    void formulaLikeValuesAreStoredAsGivenAndNeutralisedInEveryExport() {
        String header = String.join(",", SyntheticSchoolData.CSV_HEADER) + "\r\n";
        String content = header + validUpn(7) + ",Fakeforenamef,Fakesurnamef,01/09/2014,F,-42,7,7A,,,,,,,,\r\n";
        commit(dataManager, preview(dataManager, content.getBytes(StandardCharsets.UTF_8), "formula.csv", Map.of()));

        HttpResponse<String> export = dataManager.api("GET", "/api/v1/pupils/export", null, PURPOSE, "DATA_MANAGEMENT",
                "Custodian-Reason", "Checking the import", "Accept", "text/csv");
        assertThat(export.body()).contains(",'-42,").doesNotContain(",-42,");
    }

    @Test
    void anEmptyFileIsRefusedWithAClearCodeAndNothingIsWritten() {
        JsonNode job = preview(dataManager, new byte[0], "empty.csv", Map.of());
        assertThat(job.get("state").asString()).isEqualTo("FAILED");
        assertThat(job.at("/preview/fileProblem/code").asString()).isEqualTo("empty-file");
        assertThat(pupilsStored()).isZero();
    }

    @Test
    void aTenMegabyteFieldIsRefusedWithItsLine() {
        String header = String.join(",", SyntheticSchoolData.CSV_HEADER) + "\r\n";
        byte[] file = (header + validUpn(8) + ",Fake" + "x".repeat(10 * 1024 * 1024) + ",Fakesurname,01/09/2014,F,,7,,,,,,,,,\r\n")
                .getBytes(StandardCharsets.UTF_8);
        JsonNode job = preview(dataManager, file, "huge.csv", Map.of());
        assertThat(job.at("/preview/fileProblem/code").asString()).isEqualTo("value-too-long");
        assertThat(job.at("/preview/fileProblem/location").asString()).contains("line 2");
        assertThat(pupilsStored()).isZero();
    }

    @Test
    void teachersCannotImportAndHistoryIsPerSchool() {
        Browser teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
        assertThat(teacher.upload("/api/v1/imports", "pupils.csv", csv(1, 9), Map.of()).statusCode()).isEqualTo(403);

        JsonNode job = preview(dataManager, csv(3, 9), "pupils.csv", Map.of());
        School other = fixtures.school();
        CustodianUser otherAdmin = fixtures.schoolAdmin(other.id());
        Browser outsider = fixtures.signedIn(port, otherAdmin);
        assertThat(outsider.get("/api/v1/imports/" + job.get("id").asString()).statusCode()).isEqualTo(404);
        assertThat(dataManager.get("/api/v1/imports").body()).contains(job.get("id").asString());
    }

    @Test
    void aCtfForThisSchoolImportsAndOneForAnotherSchoolIsRefusedUnlessAnAdminOverrides() {
        JsonNode ours = preview(dataManager, ctf(school.urn(), school.laCode(), school.establishmentNumber(), 25), "ours.xml", Map.of());
        assertThat(ours.get("format").asString()).isEqualTo("CTF");
        assertThat(ours.get("full").asBoolean()).isTrue();
        assertThat(ours.at("/preview/created").asInt()).isEqualTo(25);

        byte[] theirs = ctf("999999", "999", "9999", 25);
        JsonNode refused = preview(dataManager, theirs, "theirs.xml", Map.of());
        assertThat(refused.get("state").asString()).isEqualTo("FAILED");
        assertThat(refused.at("/preview/fileProblem/code").asString()).isEqualTo("wrong-school");
        assertThat(dataManager.upload("/api/v1/imports", "theirs.xml", theirs, Map.of("overrideSchoolCheck", "true"))
                .statusCode()).as("only a school admin may override").isEqualTo(403);

        Browser schoolAdmin = fixtures.signedIn(port, admin);
        JsonNode overridden = preview(schoolAdmin, theirs, "theirs.xml", Map.of("overrideSchoolCheck", "true"));
        assertThat(overridden.get("schoolCheckOverridden").asBoolean()).isTrue();
        assertThat(overridden.at("/preview/created").asInt()).isEqualTo(25);
        assertThat(pupilsStored()).isZero();
    }

    @Test
    void hostileXmlIsRefusedWithALocatedCodeAndNothingIsWritten() {
        String header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
        Map<String, String> files = Map.of(
                "dtd-refused", header + "<!DOCTYPE CTfile [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><CTfile>&x;</CTfile>",
                "wrong-root", header + "<Pupils><Pupil/></Pupils>",
                "truncated", header + "<CTfile><Header><DocumentQualifier>full</DocumentQualifier>");
        files.forEach((code, xml) -> {
            JsonNode job = preview(dataManager, xml.getBytes(StandardCharsets.UTF_8), code + ".xml", Map.of());
            assertThat(job.at("/preview/fileProblem/code").asString()).as(code).isEqualTo(code);
            assertThat(job.at("/preview/fileProblem/location").asString()).as(code).startsWith("line ");
            assertThat(job.toString()).doesNotContain("passwd");
        });
        byte[] latin1 = (header + "<CTfile><Header><DocumentName>Fak\u00e9</DocumentName>"
                + "<DocumentQualifier>full</DocumentQualifier></Header></CTfile>").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(preview(dataManager, latin1, "latin1.xml", Map.of()).at("/preview/fileProblem/code").asString())
                .isEqualTo("not-utf8");
        assertThat(pupilsStored()).isZero();
    }

    @Test
    void anMisPartnerImportsWithAnApiTokenAndTheLogNamesTheToken() {
        String token = apiTokens.issue(admin, "SIMS nightly export", java.util.Set.of("import"), null).secret();
        Browser partner = new Browser(port);
        String bearer = "Bearer " + token;

        HttpResponse<String> uploaded = partner.upload("/api/v1/imports", "pupils.csv", csv(12, 12), Map.of(),
                "Authorization", bearer);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(202);
        String id = json.readTree(uploaded.body()).get("id").asString();
        JsonNode preview = new ImportJobs(json).waitForJob(partner, id, "Authorization", bearer);
        assertThat(preview.at("/preview/created").asInt()).isEqualTo(12);
        assertThat(partner.api("POST", "/api/v1/imports/" + id + "/commit", null, "Authorization", bearer).statusCode())
                .isEqualTo(202);
        assertThat(new ImportJobs(json).waitForJob(partner, id, "Authorization", bearer).get("state").asString()).isEqualTo("COMMITTED");
        assertThat(pupilsStored()).isEqualTo(12);

        String tokenId = tenancy.inSchool(school.id(), () -> jdbc.sql(
                "select id::text from api_token where school_id = ?").params(school.id()).query(String.class).single());
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select distinct actor_id::text || ' ' || actor_role || ' ' || purpose from access_log_entry"
                                + " where school_id = ? and action = 'CREATE'").params(school.id())
                .query(String.class).list()))
                .containsExactly(tokenId + " MIS_CONNECTOR DATA_MANAGEMENT");
        assertThat(fixtures.signedIn(port, admin).api("GET", "/school/access-log", null, "Accept", "text/html").body())
                .as("the review page names the token by its label").contains("API token: SIMS nightly export");
        assertThat(partner.api("GET", "/api/v1/pupils", null, "Authorization", bearer, PURPOSE, "DATA_MANAGEMENT")
                .statusCode()).as("an import token reads no pupils").isEqualTo(403);
    }

    @Test
    void teacherAndSupervisorNamesInACsvAreMatchedToStaffAccountsNeverGuessed() {
        CustodianUser teacher = fixtures.user(school.id(), Role.TEACHER);
        accounts.rename(teacher.id(), new org.custodian.privacy.PersonName("Faketeacher Onlyone"));
        String header = String.join(",", SyntheticSchoolData.CSV_HEADER) + "\r\n";
        String content = header
                + validUpn(11) + ",Fakeforenameg,Fakesurnameg,01/09/2014,F,,7,7A,7A/Ma1,faketeacher  ONLYONE,Fakenobody Here,,,,,\r\n"
                + validUpn(12) + ",Fakeforenameh,Fakesurnameh,01/09/2014,F,,7,7A,7A/Ma1,Faketeacher Onlyone,,,,,,\r\n";

        JsonNode preview = preview(dataManager, content.getBytes(StandardCharsets.UTF_8), "staff.csv", Map.of());
        assertThat(preview.at("/preview/staff/namesMatched").asInt()).isEqualTo(1);
        assertThat(preview.at("/preview/staff/namesUnmatched").asInt()).isEqualTo(1);
        assertThat(preview.toString()).doesNotContain("Fakenobody", "Faketeacher");
        commit(dataManager, preview);

        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql("""
                        select s.staff_id::text || ' ' || s.duty from class_staff s join school_class c
                          on c.school_id = s.school_id and c.id = s.class_id
                        where s.school_id = ? and c.code = '7A/Ma1'""").params(school.id())
                .query(String.class).list())).containsExactly(teacher.id() + " TEACHER");
    }

    @Test
    void aPreviewOlderThanItsExpiryCannotBeCommitted() {
        JsonNode preview = preview(dataManager, csv(5, 14), "pupils.csv", Map.of());
        clock.advance(Duration.ofHours(25));
        Browser later = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));

        HttpResponse<String> refused = later.api("POST", "/api/v1/imports/" + preview.get("id").asString() + "/commit", null);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).containsAnyOf("preview-expired", "not-committable");
        assertThat(pupilsStored()).isZero();
    }

    @Test
    void uploadsWaitOnlyInTheOwnerOnlyImportFolder() throws java.io.IOException {
        java.nio.file.Path incoming = java.nio.file.Path.of(multipartConfig.getLocation());
        assertThat(incoming).isAbsolute().isEqualTo(importProperties.directory().toAbsolutePath().resolve("incoming"));
        assertThat(java.nio.file.Files.isDirectory(incoming)).isTrue();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(importProperties.directory()))).isEqualTo("rwx------");
    }

    @Test
    void aCommitThatMeetsErrorsThePreviewDidNotHaveSavesNothing() {
        String header = String.join(",", SyntheticSchoolData.CSV_HEADER) + "\r\n";
        String content = header + validUpn(21) + ",Fakeforenamei,Fakesurnamei,01/09/2014,F,,7,7A,,,,NOT-A-CODE,,,,\r\n"
                + validUpn(22) + ",Fakeforenamej,Fakesurnamej,01/09/2014,F,,7,7A,,,,WBRI,,,,\r\n";
        JsonNode preview = preview(dataManager, content.getBytes(StandardCharsets.UTF_8), "later.csv", Map.of());
        assertThat(preview.at("/preview/created").asInt()).as("ethnicity is off: dropped unread").isEqualTo(2);

        categories.set(admin, org.custodian.pupils.OptionalCategory.ETHNICITY, true);
        JsonNode result = commit(dataManager, preview);

        assertThat(result.get("state").asString()).isEqualTo("FAILED");
        assertThat(result.get("errorCode").asString()).isEqualTo("errors-at-commit");
        assertThat(result.at("/result/problems/0/code").asString()).isEqualTo("invalid-value");
        assertThat(pupilsStored()).as("the valid pupil was not saved either").isZero();
    }

    // ---- helpers

    @Autowired org.custodian.pupils.CategorySettings categories;

    @Autowired jakarta.servlet.MultipartConfigElement multipartConfig;

    @Autowired org.custodian.identity.UserAccounts accounts;

    @Autowired org.custodian.identity.ApiTokens apiTokens;

    @Autowired org.custodian.misimport.internal.ImportProperties importProperties;

    private List<java.nio.file.Path> sealedFiles() {
        java.nio.file.Path dir = importProperties.directory().resolve(school.id().toString());
        try (var files = java.nio.file.Files.list(dir)) {
            return files.toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] ctf(String urn, String la, String estab, int pupils) {
        var out = new ByteArrayOutputStream();
        new SyntheticSchoolData(new SyntheticSchoolData.Settings(urn, la, estab, pupils, 11, today())).writeCtf(out, true);
        return out.toByteArray();
    }

    private byte[] csv(int pupils, long seed) {
        var out = new ByteArrayOutputStream();
        new SyntheticSchoolData(new SyntheticSchoolData.Settings(school.urn(), school.laCode(), school.establishmentNumber(),
                pupils, seed, today())).writeCsv(out);
        return out.toByteArray();
    }

    private String validUpn(int n) {
        String body = String.format("%03d%04d%02d%03d", 999, Math.abs(school.id().hashCode()) % 10_000, 26, n);
        return org.custodian.pupils.Upn.checkLetter(body) + body;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    JsonNode preview(Browser browser, byte[] file, String name, Map<String, String> fields) {
        return new ImportJobs(json).preview(browser, file, name, fields);
    }

    JsonNode commit(Browser browser, JsonNode preview) {
        return new ImportJobs(json).commit(browser, preview);
    }

    private long pupilsStored() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from pupil where school_id = ?")
                .params(school.id()).query(Long.class).single());
    }

    private long listedTotal() {
        HttpResponse<String> list = dataManager.api("GET", "/api/v1/pupils?size=1", null, PURPOSE, "DATA_MANAGEMENT");
        return json.readTree(list.body()).get("total").asLong();
    }

    private long classMemberships() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from class_pupil where school_id = ?")
                .params(school.id()).query(Long.class).single());
    }

    private List<Long> versions() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select version from pupil where school_id = ? order by id").params(school.id())
                .query(Long.class).list());
    }

    record LoggedAttempt(String action, List<String> subjects, List<String> fields, String purpose, boolean hasReason) {
    }

    private LoggedAttempt lastEntry() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("""
                        select action, subject_ids::text[], fields, purpose, reason is not null from access_log_entry
                        where school_id = ? order by sequence desc limit 1""")
                .params(school.id())
                .query((rs, n) -> new LoggedAttempt(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()),
                        List.of((String[]) rs.getArray(3).getArray()), rs.getString(4), rs.getBoolean(5)))
                .single());
    }

    private long accessLogEntries() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from access_log_entry where school_id = ?")
                .params(school.id()).query(Long.class).single());
    }
}
