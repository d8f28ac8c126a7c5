package org.custodian.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.custodian.accesslog.OfflineAccessLogVerifier;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.pupils.CategorySettings;
import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.PupilRecord;
import org.custodian.schools.School;
import org.custodian.support.AccessLogSequencing;
import org.custodian.support.Browser;
import org.custodian.support.CtfPupils;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access and portability bundles end to end: complete and formula-safe, proofs that the offline
 * verifier accepts, review before release, withheld items left out, the CTF read back by the importer's
 * reader, and the requester's one-time link.
 */
@CustodianTest
class AccessBundlesIT {

    static final String REQUESTS = "/api/v1/rights-requests";
    /** A value for every optional category; the preferred name starts like a spreadsheet formula. */
    static final Map<OptionalCategory, String> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put(OptionalCategory.ETHNICITY, "WBRI");
        VALUES.put(OptionalCategory.FSM_ELIGIBLE, "true");
        VALUES.put(OptionalCategory.FSM6, "true");
        VALUES.put(OptionalCategory.FIRST_LANGUAGE, "ENG");
        VALUES.put(OptionalCategory.LOOKED_AFTER, "false");
        VALUES.put(OptionalCategory.EVER_LOOKED_AFTER, "true");
        VALUES.put(OptionalCategory.MORE_ABLE, "false");
        VALUES.put(OptionalCategory.PREFERRED_NAME, "=HYPERLINK(1)");
        VALUES.put(OptionalCategory.PUPIL_PREMIUM, "true");
        VALUES.put(OptionalCategory.SEN_STATUS, "K");
        VALUES.put(OptionalCategory.SERVICE_CHILD, "false");
        VALUES.put(OptionalCategory.TRAVELLER_STATUS, "false");
    }

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;
    @Autowired JsonMapper json;
    @Autowired TestClock clock;
    @Autowired CategorySettings categories;
    @Autowired ApplicationContext context;
    @TempDir Path temp;

    School school;
    CustodianUser adminUser;
    Browser admin;
    Browser dpo;
    Fixtures.TestPupil testPupil;
    String pupilId;

    @BeforeEach
    void aPupilWithEveryCategory() {
        school = fixtures.school();
        adminUser = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), adminUser);
        admin = fixtures.signedIn(port, adminUser);
        dpo = fixtures.signedIn(port, fixtures.user(school.id(), Role.DPO));
        for (OptionalCategory category : OptionalCategory.values()) {
            categories.set(adminUser, category, true);
        }
        assertThat(VALUES.keySet()).as("a value for every category").containsExactlyInAnyOrder(OptionalCategory.values());
        StringBuilder values = new StringBuilder(", \"categories\": {");
        VALUES.forEach((c, v) -> values.append('"').append(c.name()).append("\": \"").append(v).append("\","));
        values.setLength(values.length() - 1);
        values.append('}');
        testPupil = fixtures.newPupil();
        var created = admin.api("POST", "/api/v1/pupils", testPupil.json(values.toString()), "Custodian-Purpose",
                "DATA_MANAGEMENT");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        pupilId = json.readTree(created.body()).get("id").asString();
    }

    @Test
    void theBundleHoldsEveryStoredFieldAndCategoryFormulaSafeAndItsProofsVerifyOffline() throws IOException {
        String request = request("ACCESS");
        AccessLogSequencing.integrate(context, school.id());
        String bundle = build(request);
        assertThat(names(bundle)).contains("summary.pdf", "pupil.json", "pupil.csv", "access-history.json",
                "checkpoint.txt", "verifier-keys.txt", "readme.txt").doesNotContain("pupil-ctf.xml");
        review(request, "[]");
        assertThat(release(request, "{}").statusCode()).isEqualTo(200);

        Map<String, byte[]> zip = download(request);

        JsonNode record = json.readTree(zip.get("pupil.json")).get("record");
        for (RecordComponent component : PupilRecord.class.getRecordComponents()) {
            assertThat(record.has(component.getName())).as(component.getName()).isTrue();
        }
        // Every column of the pupil's row is in the record, bar the school and the keyed search indexes.
        List<String> columns = jdbc.sql("""
                        select column_name from information_schema.columns
                        where table_schema = 'public' and table_name = 'pupil'
                          and column_name <> 'school_id' and column_name not like '%\\_index' and column_name <> 'index_key_id'""")
                .query(String.class).list();
        assertThat(columns).isNotEmpty().allSatisfy(column -> assertThat(record.has(camel(column.replaceFirst("_ct$", ""))))
                .as("pupil." + column + " in the bundle").isTrue());
        assertThat(record.get("upn").asString()).isEqualTo(testPupil.upn());
        assertThat(record.get("forename").asString()).isEqualTo(testPupil.forename());
        assertThat(record.get("dateOfBirth").asString()).isEqualTo(testPupil.dateOfBirth());
        assertThat(record.get("admissionNumber").asString()).isEqualTo("A" + testPupil.upn().substring(8));
        assertThat(record.get("registrationGroup").asString()).isEqualTo("7A");
        assertThat(record.get("classes").toString()).contains("7A/Ma1");
        String csv = new String(zip.get("pupil.csv"), StandardCharsets.UTF_8);
        for (OptionalCategory category : OptionalCategory.values()) {
            assertThat(record.get("categories").get(category.name()).asString()).as(category.name())
                    .isEqualTo(VALUES.get(category));
            assertThat(csv).contains("categories." + category.name() + ",");
        }
        for (RecordComponent component : PupilRecord.class.getRecordComponents()) {
            if (!List.of("categories", "classes").contains(component.getName())) {
                assertThat(csv).as(component.getName()).contains("\r\n" + component.getName() + ",");
            }
        }
        assertThat(csv).contains("categories.PREFERRED_NAME,'=HYPERLINK(1)\r\n").doesNotContain(",=HYPERLINK");
        assertThat(csv).contains("forename," + testPupil.forename() + "\r\n");
        assertThat(new String(zip.get("summary.pdf"), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        JsonNode history = json.readTree(zip.get("access-history.json"));
        assertThat(history.get("entries").size()).as("the create and the request's check, in a checkpoint").isGreaterThanOrEqualTo(2);
        assertThat(history.get("pending").size()).as("the bundle's own read, not yet in a checkpoint").isGreaterThanOrEqualTo(1);
        assertThat(history.toString()).contains("SUBJECT_RIGHTS_REQUEST", "Recording a subject-rights request about this pupil");
        assertThat(verify(zip.get("access-history.json"), zip.get("verifier-keys.txt"))).startsWith("OK:");

        // A changed entry (its purpose) no longer matches its leaf hash: the verifier says so.
        String changed = new String(zip.get("access-history.json"), StandardCharsets.UTF_8)
                .replaceFirst("\"purpose\" : \"DATA_MANAGEMENT\"", "\"purpose\" : \"TEACHING_AND_LEARNING\"");
        assertThat(changed).isNotEqualTo(new String(zip.get("access-history.json"), StandardCharsets.UTF_8));
        assertThat(verify(changed.getBytes(StandardCharsets.UTF_8), zip.get("verifier-keys.txt")))
                .startsWith("BROKEN:").contains("does not match its leaf hash");
    }

    @Test
    void anUnreviewedBundleIsNotReleasedAndNothingChanges() {
        String request = request("ACCESS");
        build(request);
        long steps = count("select count(*) from rights_request_step where request_id = ?::uuid", request);
        long exports = count("select count(*) from access_log_entry where action = 'EXPORT' and ?::uuid = any(subject_ids)", pupilId);

        var refused = release(request, "{\"link\": true}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("bundle-not-reviewed");
        JsonNode bundle = json.readTree(dpo.api("GET", REQUESTS + "/" + request + "/bundle", null).body());
        assertThat(bundle.get("released").asBoolean()).isFalse();
        assertThat(count("select count(*) from rights_request_step where request_id = ?::uuid", request)).isEqualTo(steps);
        assertThat(count("select count(*) from access_log_entry where action = 'EXPORT' and ?::uuid = any(subject_ids)", pupilId))
                .isEqualTo(exports);
        assertThat(count("select count(*) from rights_bundle_link where school_id = ?::uuid", school.id().toString())).isZero();
        assertThat(dpo.api("GET", REQUESTS + "/" + request + "/bundle/download", null).statusCode()).isEqualTo(409);
    }

    @Test
    void withheldItemsAreLeftOutOfTheReleasedZipAndTheReleaseIsLogged() throws IOException {
        String request = request("ACCESS");
        String bundle = build(request);
        int csv = position(bundle, "pupil.csv");

        var reviewed = review(request, "[{\"position\": %d, \"exemption\": \"Third-party data\"}]".formatted(csv));
        assertThat(json.readTree(reviewed.body()).get("reviewed").asBoolean()).isTrue();
        assertThat(release(request, "{}").statusCode()).isEqualTo(200);

        Map<String, byte[]> zip = download(request);
        assertThat(zip).doesNotContainKey("pupil.csv").containsKeys("pupil.json", "summary.pdf");
        assertThat(count("select count(*) from access_log_entry where action = 'EXPORT' and purpose = 'SUBJECT_RIGHTS_REQUEST'"
                + " and ?::uuid = any(subject_ids) and not ('pupil.csv' = any(fields)) and 'pupil.json' = any(fields)", pupilId))
                .isEqualTo(1);
        JsonNode timeline = json.readTree(dpo.api("GET", REQUESTS + "/" + request, null).body()).get("timeline");
        assertThat(timeline.get(timeline.size() - 1).get("details").asString()).contains("Bundle released", "1 withheld");
        // The stored items are ciphertexts, not the record.
        assertThat(count("select count(*) from rights_bundle_item where position(convert_to(?, 'UTF8') in content) > 0",
                testPupil.surname())).isZero();
        assertThat(review(request, "[]").statusCode()).isEqualTo(409);
    }

    @Test
    void aPortabilityBundleHoldsACtfTheImporterReadsBack() throws IOException {
        String request = request("PORTABILITY");
        build(request);
        review(request, "[]");
        release(request, "{}");

        byte[] xml = download(request).get("pupil-ctf.xml");

        Path file = temp.resolve("pupil.xml");
        Files.write(file, xml);
        List<PupilData> read = new ArrayList<>();
        CtfPupils.forEach(file, LocalDate.now(clock.withZone(ZoneId.of("Europe/London"))), read::add);
        assertThat(read).hasSize(1);
        PupilData pupil = read.get(0);
        assertThat(pupil.upn()).isEqualTo(testPupil.upn());
        assertThat(pupil.forename()).isEqualTo(testPupil.forename());
        assertThat(pupil.surname()).isEqualTo(testPupil.surname());
        assertThat(pupil.dateOfBirth()).isEqualTo(testPupil.dateOfBirth());
        assertThat(pupil.sex()).isEqualTo("F");
        assertThat(pupil.ncYear()).isEqualTo("7");
        for (OptionalCategory category : List.of(OptionalCategory.ETHNICITY, OptionalCategory.FIRST_LANGUAGE,
                OptionalCategory.PREFERRED_NAME, OptionalCategory.LOOKED_AFTER, OptionalCategory.SEN_STATUS,
                OptionalCategory.FSM_ELIGIBLE, OptionalCategory.FSM6)) {
            assertThat(pupil.categories().get(category.name())).as(category.name()).isEqualTo(VALUES.get(category));
        }
    }

    @Test
    void theOneTimeLinkWorksOnceWithItsPasscodeAndExpiresAfterSevenDays() throws IOException {
        String request = request("ACCESS");
        build(request);
        review(request, "[]");
        JsonNode released = json.readTree(release(request, "{\"link\": true}").body());
        String link = released.get("link").asString();
        String passcode = released.get("passcode").asString();
        assertThat(link).startsWith("/bundle-download/" + school.id() + "/");
        assertThat(count("select count(*) from rights_bundle_link where passcode_hash like '{argon2}%' and school_id = ?::uuid",
                school.id().toString())).isEqualTo(1);

        Browser requester = new Browser(port);
        assertThat(requester.get(link).body()).contains("id=\"passcode\"");
        HttpResponse<byte[]> wrong = post(requester, link, "WRONGCODE1");
        assertThat(new String(wrong.body(), StandardCharsets.UTF_8)).contains("The passcode is not right");
        HttpResponse<byte[]> right = post(requester, link, passcode);
        assertThat(right.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(unzip(right.body())).containsKeys("summary.pdf", "access-history.json");
        assertThat(requester.get(link).body()).contains("id=\"unusable\"").doesNotContain("id=\"passcode\"");

        // A second link, not used within seven days, is gone.
        String second = build(request);
        review(request, "[]");
        JsonNode again = json.readTree(release(request, "{\"link\": true}").body());
        assertThat(requester.get(again.get("link").asString()).body()).contains("id=\"passcode\"");
        clock.advance(Duration.ofDays(7).plusSeconds(1));
        Browser later = new Browser(port);
        assertThat(later.get(again.get("link").asString()).body()).contains("id=\"unusable\"")
                .doesNotContain("id=\"passcode\"");
        assertThat(position(second, "summary.pdf")).isEqualTo(1);
    }

    @Test
    void aLinkStopsAfterFiveWrongPasscodes() {
        String request = request("ACCESS");
        build(request);
        review(request, "[]");
        JsonNode released = json.readTree(release(request, "{\"link\": true}").body());
        String link = released.get("link").asString();
        Browser requester = new Browser(port);
        for (int i = 0; i < 5; i++) {
            assertThat(new String(post(requester, link, "WRONGCODE" + i).body(), StandardCharsets.UTF_8))
                    .contains("The passcode is not right");
        }
        assertThat(requester.get(link).body()).contains("id=\"unusable\"").doesNotContain("id=\"passcode\"");
        assertThat(count("select max(failed_attempts) from rights_bundle_link where school_id = ?::uuid",
                school.id().toString())).isEqualTo(5);
        assertThat(count("select count(*) from rights_bundle_link where downloaded_at is not null and school_id = ?::uuid",
                school.id().toString())).isZero();
    }

    @Test
    void aStaffMembersBundleHoldsTheirAccountAndTheirProvenHistory() throws IOException {
        CustodianUser teacher = fixtures.user(school.id(), Role.TEACHER);
        // Manage Users shows the teacher's record to the admin: an entry naming the teacher.
        assertThat(admin.get("/school/users").statusCode()).isEqualTo(200);
        var created = dpo.api("POST", REQUESTS, """
                {"type": "ACCESS", "subjectKind": "STAFF", "subjectId": "%s", "requesterKind": "SUBJECT",
                 "channel": "EMAIL", "receivedOn": "%s"}""".formatted(teacher.id(),
                LocalDate.now(clock.withZone(ZoneId.of("Europe/London")))));
        String request = json.readTree(created.body()).get("id").asString();
        AccessLogSequencing.integrate(context, school.id());
        assertThat(names(build(request))).contains("staff-account.json", "staff-account.csv", "summary.pdf",
                "access-history.json").doesNotContain("pupil.json", "pupil-ctf.xml");
        review(request, "[]");
        release(request, "{}");

        Map<String, byte[]> zip = download(request);

        JsonNode record = json.readTree(zip.get("staff-account.json")).get("record");
        assertThat(record.get("id").asString()).isEqualTo(teacher.id().toString());
        assertThat(record.get("username").asString()).isEqualTo(teacher.getUsername());
        assertThat(record.get("role").asString()).isEqualTo("TEACHER");
        assertThat(new String(zip.get("staff-account.csv"), StandardCharsets.UTF_8)).contains("username," + teacher.getUsername());
        JsonNode history = json.readTree(zip.get("access-history.json"));
        assertThat(history.get("entries").size()).isGreaterThanOrEqualTo(1);
        assertThat(history.get("entries").toString()).contains("STAFF_ADMINISTRATION");
        assertThat(verify(zip.get("access-history.json"), zip.get("verifier-keys.txt"))).startsWith("OK:");
    }

    @Test
    void onlyAccessAndPortabilityRequestsHaveBundles() {
        String erasure = request("ERASURE");
        var refused = dpo.api("POST", REQUESTS + "/" + erasure + "/bundle", null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("bundle-not-applicable");
        assertThat(count("select count(*) from rights_bundle where request_id = ?::uuid", erasure)).isZero();
    }

    // ---- helpers

    private String request(String type) {
        var created = dpo.api("POST", REQUESTS, """
                {"type": "%s", "subjectKind": "PUPIL", "subjectId": "%s", "requesterKind": "SUBJECT",
                 "channel": "EMAIL", "receivedOn": "%s", "competence": "COMPETENT"}""".formatted(type, pupilId,
                LocalDate.now(clock.withZone(ZoneId.of("Europe/London")))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asString();
    }

    private String build(String request) {
        var built = dpo.api("POST", REQUESTS + "/" + request + "/bundle", null);
        assertThat(built.statusCode()).as(built.body()).isEqualTo(201);
        return built.body();
    }

    private HttpResponse<String> review(String request, String withhold) {
        return dpo.api("POST", REQUESTS + "/" + request + "/bundle/review", "{\"withhold\": " + withhold + "}");
    }

    private HttpResponse<String> release(String request, String body) {
        return dpo.api("POST", REQUESTS + "/" + request + "/bundle/release", body);
    }

    private List<String> names(String bundle) {
        List<String> names = new ArrayList<>();
        json.readTree(bundle).get("items").forEach(item -> names.add(item.get("name").asString()));
        return names;
    }

    private int position(String bundle, String name) {
        for (JsonNode item : json.readTree(bundle).get("items")) {
            if (item.get("name").asString().equals(name)) {
                return item.get("position").asInt();
            }
        }
        throw new AssertionError("no item " + name);
    }

    private Map<String, byte[]> download(String request) throws IOException {
        HttpResponse<byte[]> response = bytes(HttpRequest.newBuilder(dpo.uri(REQUESTS + "/" + request + "/bundle/download"))
                .header("Cookie", dpo.cookieHeader()).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        return unzip(response.body());
    }

    /** The passcode form's POST, with the CSRF token of the page as a browser sends it. */
    private HttpResponse<byte[]> post(Browser browser, String link, String passcode) {
        return post(browser, link, passcode, browser.get(link).body());
    }

    /** As a browser posts the form of {@code page}, loaded earlier. */
    private HttpResponse<byte[]> post(Browser browser, String link, String passcode, String page) {
        Matcher csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(page);
        String token = csrf.find() ? csrf.group(1) : "";
        return bytes(HttpRequest.newBuilder(browser.uri(link)).header("Cookie", browser.cookieHeader())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("passcode=" + URLEncoder.encode(passcode, StandardCharsets.UTF_8)
                        + "&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8))));
    }

    private static HttpResponse<byte[]> bytes(HttpRequest.Builder request) {
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.put(entry.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    /** The offline verifier's verdict on the bundle's history: "OK:" or "BROKEN:" and what it printed. */
    private String verify(byte[] history, byte[] keys) throws IOException {
        Path historyFile = temp.resolve("history-" + Arrays.hashCode(history) + ".json");
        Path keysFile = temp.resolve("keys.txt");
        Files.write(historyFile, history);
        Files.write(keysFile, keys);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = OfflineAccessLogVerifier.run(new String[] {"--bundle", historyFile.toString(), "--public-key",
                keysFile.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        return (code == OfflineAccessLogVerifier.OK ? "OK:" : code == OfflineAccessLogVerifier.BROKEN ? "BROKEN:" : "USAGE:")
                + printed;
    }

    private long count(String sql, String... params) {
        return tenancy.inSchool(school.id(), () -> {
            var statement = jdbc.sql(sql);
            for (String param : params) {
                statement = statement.param(param);
            }
            return statement.query(Long.class).single();
        });
    }

    private static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
