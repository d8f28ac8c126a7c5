package org.custodian.pupils;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.Fixtures.TestPupil;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The pupil pages over real HTTP: the purpose chosen once per task, the list with mandatory fields
 * only, sensitive categories behind a reason, corrections with a stale-version check, validation
 * messages that never echo what was typed, and the school's category settings.
 */
@CustodianTest
class PupilPagesIT {

    private static final DateTimeFormatter PAGE_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;
    @Autowired CategorySettings categorySettings;

    School school;
    CustodianUser admin;
    CustodianUser dataManagerUser;
    Browser dataManager;
    Browser teacher;

    @BeforeEach
    void schoolThatAcceptedTheAgreement() {
        school = fixtures.school();
        admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        dataManagerUser = fixtures.user(school.id(), Role.DATA_MANAGER);
        dataManager = fixtures.signedIn(port, dataManagerUser);
        teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
    }

    @Test
    void theListShowsMandatoryFieldsOnlyUnderThePurposeChosenForTheTask() {
        categorySettings.set(admin, OptionalCategory.ETHNICITY, true);
        TestPupil pupil = fixtures.newPupil();
        String id = create(pupil, ", \"categories\": {\"ETHNICITY\": \"WBRI\"}");

        var beforeChoosing = teacher.get("/pupils");
        var purposePage = teacher.get("/pupils/purpose");
        var chosen = choosePurpose(teacher, "TEACHING_AND_LEARNING", "", "25");
        var list = teacher.get("/pupils");

        assertThat(location(beforeChoosing)).endsWith("/pupils/purpose");
        // The register's default for a teacher is pre-selected; purposes a teacher may not use are not offered.
        assertThat(purposePage.body()).containsPattern("value=\"TEACHING_AND_LEARNING\"[^>]*checked")
                .doesNotContain("value=\"DATA_MANAGEMENT\"");
        assertThat(location(chosen)).endsWith("/pupils");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("Purpose:", "Teaching, pastoral care and learning support",
                pupil.upn(), pupil.surname() + ", " + pupil.forename(),
                PAGE_DATE.format(LocalDate.parse(pupil.dateOfBirth())), "Year 7", "7A", "/pupils/" + id)
                .doesNotContain("WBRI").doesNotContain("Ethnicity");
        assertThat(logEntries(id)).containsExactly("CREATE DATA_MANAGEMENT no-reason",
                "SEARCH TEACHING_AND_LEARNING no-reason");
    }

    /** A part of a name finds nothing: the page says what was searched, that only whole names match, and what to try. */
    @Test
    void aSearchThatFindsNothingSaysWhatWasSearchedAndHowMatchingWorks() {
        TestPupil pupil = fixtures.newPupil();
        create(pupil, "");
        choosePurpose(teacher, "TEACHING_AND_LEARNING", "", "25");
        String part = pupil.surname().substring(0, pupil.surname().length() - 1);

        var searched = teacher.postForm("/pupils/purpose", "/pupils/search", Map.of("upn", "", "name", part));
        var found = teacher.postForm("/pupils/purpose", "/pupils/search", Map.of("upn", "", "name", pupil.surname()));

        assertThat(searched.body()).contains("0 pupils match your search", "id=\"no-match\"",
                "<strong id=\"searched-name\">" + part + "</strong>", "whole names and whole UPNs only",
                "full forename", "full surname", "whole UPN").doesNotContain(pupil.upn(), "searched-upn");
        assertThat(found.body()).contains("1 pupil matches your search").doesNotContain("id=\"no-match\"");
    }

    @Test
    void searchTermsAndReasonsStayOutOfUrlsAndOutOfTheSessionTable() {
        TestPupil first = fixtures.newPupil();
        TestPupil second = fixtures.newPupil();
        create(first, "");
        String secondId = create(second, "");
        String reason = "Trip list checked with " + second.forename();
        choosePurpose(teacher, "TEACHING_AND_LEARNING", reason, "25");

        var searched = teacher.postForm("/pupils/purpose", "/pupils/search", Map.of("upn", "", "name", second.surname()));
        var everyone = teacher.get("/pupils");

        assertThat(searched.statusCode()).as("results come straight back, no redirect").isEqualTo(200);
        assertThat(searched.body()).contains(second.upn(), "1 pupil matches your search").doesNotContain(first.upn())
                .doesNotContain("id=\"no-match\"");
        assertThat(everyone.body()).contains(first.upn(), second.upn());
        // Sessions live in PostgreSQL, their attributes encrypted (V10): the search terms are never there.
        String sessions = jdbc.sql("select attribute_bytes from spring_session_attributes").query(byte[].class).list()
                .stream().map(bytes -> new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(sessions).isNotEmpty().doesNotContain(second.surname())
                .doesNotContain(second.forename());
        assertThat(logEntries(secondId)).containsExactly("CREATE DATA_MANAGEMENT no-reason",
                "SEARCH TEACHING_AND_LEARNING reason", "SEARCH TEACHING_AND_LEARNING reason");
    }

    @Test
    void thePurposeLastsForTheSessionAndAPurposeTheRoleMayNotUseIsRefused() {
        String id = create(fixtures.newPupil(), "");

        var refused = choosePurpose(teacher, "DATA_MANAGEMENT", "", "25");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("There is a problem", "Your role may not use pupil data for this purpose.");
        assertThat(location(teacher.get("/pupils"))).as("no purpose was stored").endsWith("/pupils/purpose");

        choosePurpose(teacher, "TEACHING_AND_LEARNING", "", "25");
        assertThat(teacher.get("/pupils").statusCode()).isEqualTo(200);
        assertThat(teacher.get("/pupils/" + id).statusCode()).isEqualTo(200);
        assertThat(teacher.get("/pupils/" + id + "/edit").body())
                .contains("Not allowed for this purpose", "Pupil records can be changed only for data management");
        assertThat(logEntries(id)).containsExactly("CREATE DATA_MANAGEMENT no-reason",
                "SEARCH TEACHING_AND_LEARNING no-reason", "READ TEACHING_AND_LEARNING no-reason");

        // A new session is a new task: the purpose is asked again.
        Browser otherSession = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
        assertThat(location(otherSession.get("/pupils/" + id))).endsWith("/pupils/purpose?next=/pupils/" + id);
    }

    @Test
    void aPurposeOrBulkReadThatNeedsAReasonAsksForItWithThePurpose() {
        String id = create(fixtures.newPupil(), "");
        Browser dpo = fixtures.signedIn(port, fixtures.user(school.id(), Role.DPO));

        var dpoWithout = choosePurpose(dpo, "SUBJECT_RIGHTS_REQUEST", "", "25");
        var bulkWithout = choosePurpose(teacher, "TEACHING_AND_LEARNING", "", "500");
        var dpoWith = choosePurpose(dpo, "SUBJECT_RIGHTS_REQUEST", "Request ref 12", "25");
        var bulkWith = choosePurpose(teacher, "TEACHING_AND_LEARNING", "Whole-school trip list", "500");

        assertThat(dpoWithout.statusCode()).isEqualTo(400);
        assertThat(dpoWithout.body()).contains("Enter a reason: this purpose needs one.");
        assertThat(bulkWithout.statusCode()).isEqualTo(400);
        assertThat(bulkWithout.body()).contains("Enter a reason: more than 100 pupils a page is a bulk read.");
        assertThat(location(dpoWith)).endsWith("/pupils");
        assertThat(location(bulkWith)).endsWith("/pupils");
        var record = dpo.get("/pupils/" + id);
        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(record.body()).as("the DPO is one click from who has seen the record")
                .contains("href=\"/school/access-log?pupil=" + id + "\"").contains("Who has seen this record");
        assertThat(teacher.get("/pupils").statusCode()).isEqualTo(200);
        assertThat(logEntries(id)).containsExactly("CREATE DATA_MANAGEMENT no-reason",
                "READ SUBJECT_RIGHTS_REQUEST reason", "SEARCH TEACHING_AND_LEARNING reason");
        assertThat(teacher.get("/pupils/" + id).body()).doesNotContain("Who has seen this record");
        assertThat(dpo.get("/school/access-log?pupil=" + id).body()).contains("id=\"pupil-found\"");
    }

    @Test
    void refusalsOfTheDataPathAreShownAsPageMessages() {
        School notAccepted = fixtures.school();
        Browser unacceptedTeacher = fixtures.signedIn(port, fixtures.user(notAccepted.id(), Role.TEACHER));
        choosePurpose(unacceptedTeacher, "TEACHING_AND_LEARNING", "", "25");

        var refused = unacceptedTeacher.get("/pupils");
        var unknown = teacher.get("/pupils/" + java.util.UUID.randomUUID());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(refused.body()).contains("Your school has not accepted the sharing agreement", "isa-not-accepted")
                .doesNotContain("Exception").doesNotContain("at org.");
        assertThat(location(unknown)).contains("/pupils/purpose");
        choosePurpose(teacher, "TEACHING_AND_LEARNING", "", "25");
        var notFound = teacher.get("/pupils/" + java.util.UUID.randomUUID());
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).contains("Pupil not found", "There is no such pupil at your school.");
    }

    @Test
    void sensitiveCategoriesAreShownOnlyWithAReasonWhichTheAccessLogKeeps() {
        categorySettings.set(admin, OptionalCategory.ETHNICITY, true);
        categorySettings.set(admin, OptionalCategory.FSM_ELIGIBLE, true);
        TestPupil pupil = fixtures.newPupil();
        String id = create(pupil, ", \"categories\": {\"ETHNICITY\": \"WBRI\", \"FSM_ELIGIBLE\": \"true\"}");
        choosePurpose(teacher, "TEACHING_AND_LEARNING", "", "25");

        var detail = teacher.get("/pupils/" + id);
        var withoutReason = teacher.postForm("/pupils/purpose", "/pupils/" + id + "/sensitive", Map.of("reason", " "));
        var withReason = teacher.postForm("/pupils/purpose", "/pupils/" + id + "/sensitive",
                Map.of("reason", "Planning EAL support"));

        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body()).contains(pupil.upn(), pupil.forename(), "7A/Ma1", "Registration group",
                "Show sensitive information").doesNotContain("WBRI").doesNotContain("Free school meals eligibility");
        assertThat(withoutReason.statusCode()).isEqualTo(400);
        assertThat(withoutReason.body()).contains("Enter why you need the sensitive information.").doesNotContain("WBRI");
        assertThat(withReason.statusCode()).isEqualTo(200);
        assertThat(withReason.body()).contains("Ethnicity", "WBRI", "Free school meals eligibility", "Yes");
        // Only the read that showed the categories carries a reason, and it names the categories it showed.
        assertThat(logEntries(id)).containsExactly("CREATE DATA_MANAGEMENT no-reason",
                "READ TEACHING_AND_LEARNING no-reason", "READ TEACHING_AND_LEARNING no-reason",
                "READ TEACHING_AND_LEARNING reason");
        List<String> lastFields = tenancy.inSchool(school.id(), () -> jdbc.sql("""
                        select unnest(fields) from access_log_entry where school_id = ? and ?::uuid = any (subject_ids)
                        and sequence = (select max(sequence) from access_log_entry where school_id = ?)""")
                .params(school.id(), id, school.id()).query(String.class).list());
        assertThat(lastFields).contains("ETHNICITY", "FSM_ELIGIBLE", "upn");
    }

    @Test
    void aDataManagerCorrectsARecordAndAStaleFormIsRefusedWithoutLosingCategories() {
        categorySettings.set(admin, OptionalCategory.ETHNICITY, true);
        TestPupil pupil = fixtures.newPupil();
        String id = create(pupil, ", \"categories\": {\"ETHNICITY\": \"WBRI\"}");
        choosePurpose(dataManager, "DATA_MANAGEMENT", "", "25");

        var form = dataManager.get("/pupils/" + id + "/edit");
        Map<String, String> fields = formFields(pupil, "1");
        fields.put("registrationGroup", "7B");
        var saved = dataManager.postForm("/pupils/purpose", "/pupils/" + id + "/edit", fields);
        var stale = dataManager.postForm("/pupils/purpose", "/pupils/" + id + "/edit", fields);
        var detail = dataManager.get("/pupils/" + id);

        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).containsPattern("name=\"version\"\\s+value=\"1\"").contains(pupil.upn())
                .doesNotContain("WBRI");
        assertThat(location(saved)).endsWith("/pupils/" + id);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.body()).contains("The pupil&#39;s record changed since you read it",
                "Someone else changed this record after you opened this form");
        assertThat(detail.body()).contains("The pupil&#39;s record has been saved.", "7B");
        assertThat(categoryValues(id)).as("a correction of mandatory fields keeps the categories").isEqualTo(1);
    }

    @Test
    void validationErrorsAreShownAtTheirFieldsWithoutEchoingTheRejectedValue() {
        categorySettings.set(admin, OptionalCategory.ETHNICITY, true);
        TestPupil pupil = fixtures.newPupil();
        String wrongCheckLetter = (pupil.upn().charAt(0) == 'A' ? "B" : "A") + pupil.upn().substring(1);
        choosePurpose(dataManager, "DATA_MANAGEMENT", "", "25");
        Map<String, String> bad = formFields(pupil, null);
        bad.put("upn", wrongCheckLetter);
        bad.put("dateOfBirthDay", "31");
        bad.put("dateOfBirthMonth", "2");
        bad.put("category-ETHNICITY", "QQ9Z");
        long before = pupilCount();

        var newForm = dataManager.get("/pupils/new");
        var refused = dataManager.postForm("/pupils/purpose", "/pupils/new", bad);
        long afterRefusal = pupilCount();
        Map<String, String> good = formFields(pupil, null);
        good.put("category-ETHNICITY", "WBRI");
        var added = dataManager.postForm("/pupils/purpose", "/pupils/new", good);

        assertThat(newForm.body()).contains("Ethnicity", "id=\"category-ETHNICITY\"");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("There is a problem", "href=\"#upn\"", "href=\"#dateOfBirth\"",
                "href=\"#category-ETHNICITY\"", "The UPN must be 13 characters with a correct check letter.",
                "The date of birth must be a real date");
        assertThat(errorMessages(refused.body())).hasSizeGreaterThanOrEqualTo(6)
                .noneMatch(message -> message.contains(wrongCheckLetter) || message.contains("QQ9Z")
                        || message.contains("31"));
        assertThat(afterRefusal).isEqualTo(before);
        assertThat(location(added)).matches(".*/pupils/[0-9a-f-]{36}");
        String id = location(added).substring(location(added).lastIndexOf('/') + 1);
        assertThat(categoryValues(id)).isEqualTo(1);
    }

    @Test
    void onlyASchoolAdminSwitchesCategoriesAndEveryChangeIsListed() {
        Browser schoolAdmin = fixtures.signedIn(port, admin);
        String categoriesPage = "/school/pupil-categories";

        var teacherView = teacher.get(categoriesPage);
        var teacherSwitch = teacher.postForm(categoriesPage, categoriesPage + "/ETHNICITY/on", Map.of());
        var overview = schoolAdmin.get("/school");
        var switchedOn = schoolAdmin.postForm(categoriesPage, categoriesPage + "/ETHNICITY/on", Map.of());
        var afterOn = schoolAdmin.get(categoriesPage);
        String id = create(fixtures.newPupil(), ", \"categories\": {\"ETHNICITY\": \"WBRI\"}");
        var confirmation = schoolAdmin.get(categoriesPage + "/ETHNICITY/off");
        var switchedOff = schoolAdmin.postForm(categoriesPage, categoriesPage + "/ETHNICITY/off", Map.of());
        var afterOff = schoolAdmin.get(categoriesPage);

        assertThat(teacherView.statusCode()).isEqualTo(200);
        assertThat(teacherView.body()).contains("Ethnicity", "Only a school admin can switch categories")
                .doesNotContain("Switch on");
        assertThat(teacherSwitch.statusCode()).isEqualTo(403);
        assertThat(overview.body()).contains("href=\"/pupils\"", "href=\"/school/pupil-categories\"");
        assertThat(location(switchedOn)).endsWith(categoriesPage);
        assertThat(afterOn.body()).contains("Ethnicity is switched on", "Switched on", admin.displayName());
        assertThat(confirmation.body()).contains("deletes every stored value");
        assertThat(location(switchedOff)).endsWith(categoriesPage);
        assertThat(afterOff.body()).contains("Ethnicity is switched off. 1 stored value was deleted.", "Switched off");
        assertThat(categoryValues(id)).isZero();
        assertThat(categorySettings.changes(school.id())).hasSize(2)
                .allSatisfy(change -> assertThat(change.changedBy()).isEqualTo(admin.id()));
    }

    private HttpResponse<String> choosePurpose(Browser browser, String purpose, String reason, String size) {
        return browser.postForm("/pupils/purpose", "/pupils/purpose",
                Map.of("purpose", purpose, "reason", reason, "size", size, "next", "/pupils"));
    }

    private String create(TestPupil pupil, String extra) {
        var created = dataManager.api("POST", "/api/v1/pupils", pupil.json(extra), "Custodian-Purpose",
                "DATA_MANAGEMENT");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return PupilApiIT.field(created.body(), "id");
    }

    private static Map<String, String> formFields(TestPupil pupil, String version) {
        LocalDate dob = LocalDate.parse(pupil.dateOfBirth());
        Map<String, String> fields = new HashMap<>(Map.of("upn", pupil.upn(), "forename", pupil.forename(),
                "surname", pupil.surname(), "dateOfBirthDay", String.valueOf(dob.getDayOfMonth()),
                "dateOfBirthMonth", String.valueOf(dob.getMonthValue()), "dateOfBirthYear", String.valueOf(dob.getYear()),
                "sex", "F", "ncYear", "7", "registrationGroup", "7A", "classes", "7A/Ma1"));
        if (version != null) {
            fields.put("version", version);
        }
        return fields;
    }

    /** The texts of the error summary's links and of every field's error message. */
    private static List<String> errorMessages(String html) {
        List<String> messages = new ArrayList<>();
        Matcher summary = Pattern.compile("<a href=\"#[^\"]+\">([^<]*)</a>").matcher(html);
        while (summary.find()) {
            messages.add(summary.group(1));
        }
        Matcher field = Pattern.compile("Error:</span> <span>([^<]*)</span>").matcher(html);
        while (field.find()) {
            messages.add(field.group(1));
        }
        return messages;
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElse("(no redirect: " + response.statusCode() + ")");
    }

    private long pupilCount() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from pupil").query(Long.class).single());
    }

    private long categoryValues(String pupilId) {
        return tenancy.inSchool(school.id(), () -> jdbc.sql(
                "select count(*) from pupil_category_value where pupil_id = ?::uuid").param(pupilId).query(Long.class).single());
    }

    /** Each entry about the pupil as "ACTION PURPOSE reason|no-reason", in order. */
    private List<String> logEntries(String pupilId) {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("""
                        select action || ' ' || purpose || ' ' || case when reason is null then 'no-reason' else 'reason' end
                        from access_log_entry where school_id = ? and ?::uuid = any (subject_ids) order by sequence""")
                .params(school.id(), pupilId).query(String.class).list());
    }
}
