package org.custodian.schools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Registration and the lifecycle through the JSON API, including every kind of bad input. */
@CustodianTest
@AutoConfigureMockMvc
class SchoolApiIT {

    @Autowired MockMvc mvc;
    @Autowired Fixtures fixtures;
    @Autowired Schools schools;
    @Autowired TestClock clock;

    CustodianUser operator;

    @BeforeEach
    void operator() {
        operator = fixtures.platformAdmin();
    }

    @Test
    void anOperatorRegistersASchoolWithItsFirstAdmin() throws Exception {
        SchoolRegistration r = fixtures.registration();

        register(json(r.urn(), r.laCode(), r.establishmentNumber(), "\"first.admin." + r.urn() + "@example.com\""))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", containsString("/api/v1/schools/")))
                .andExpect(jsonPath("$.school.state").value("TRIAL"))
                .andExpect(jsonPath("$.school.urn").value(r.urn()))
                .andExpect(jsonPath("$.firstAdmin.oneTimePassword").isString());

        School school = schools.findByUrn(r.urn()).orElseThrow();
        assertThat(schools.history(school.id(), operator))
                .singleElement().satisfies(change -> {
                    assertThat(change.from()).isNull();
                    assertThat(change.to()).isEqualTo(SchoolState.TRIAL);
                    assertThat(change.changedBy()).isEqualTo(operator.id());
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "12345   | 999 | 4001 | urn",
            "1234567 | 999 | 4001 | urn",
            "ABCDEF  | 999 | 4001 | urn",
            "012345  | 999 | 4001 | urn",
            "123456  | 99  | 4001 | laCode",
            "123456  | 9A9 | 4001 | laCode",
            "123456  | 999 | 401  | establishmentNumber",
            "123456  | 999 | 40012| establishmentNumber"})
    void malformedIdentifiersAreRefusedAndNothingIsCreated(String urn, String la, String estab, String field)
            throws Exception {
        long before = schools.all().size();

        register(json(urn, la, estab, "null"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("validation-failed"))
                .andExpect(jsonPath("$.errors[*].field", hasItem(field)))
                .andExpect(content().string(not(containsString("contact@example.com"))));

        assertThat(schools.all()).hasSize((int) before);
    }

    @Test
    void aDuplicateUrnIsAConflict() throws Exception {
        School existing = fixtures.school();
        SchoolRegistration r = fixtures.registration();

        register(json(existing.urn(), r.laCode(), r.establishmentNumber(), "null"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("urn-taken"));
    }

    @Test
    void aMalformedBodyIsAProblemNotAStackTrace() throws Exception {
        mvc.perform(post("/api/v1/schools").with(user(operator)).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed-request"));
    }

    @Test
    void schoolStaffCannotRegisterSchools() throws Exception {
        School school = fixtures.school();
        SchoolRegistration r = fixtures.registration();

        mvc.perform(post("/api/v1/schools").with(user(fixtures.schoolAdmin(school.id()))).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(r.urn(), r.laCode(), r.establishmentNumber(), "null")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("forbidden"));
        assertThat(schools.findByUrn(r.urn())).isEmpty();
    }

    @Test
    void theLifecycleRunsTrialActiveTerminatedPurgedAndRecordsWhoAndWhen() throws Exception {
        School school = fixtures.school();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));

        transition(school.id(), "ACTIVE", null).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("ACTIVE"));
        transition(school.id(), "TERMINATED", today.plusDays(10).toString()).andExpect(status().isOk())
                .andExpect(jsonPath("$.terminationDate").value(today.plusDays(10).toString()));
        transition(school.id(), "PURGED", null).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("purge-before-termination"));
        clock.advance(Duration.ofDays(11));
        transition(school.id(), "PURGED", null).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("PURGED"));

        assertThat(schools.history(school.id(), operator))
                .extracting(StateChange::to)
                .containsExactly(SchoolState.TRIAL, SchoolState.ACTIVE, SchoolState.TERMINATED, SchoolState.PURGED);
        assertThat(schools.history(school.id(), operator).subList(1, 4))
                .allSatisfy(change -> assertThat(change.changedBy()).isEqualTo(operator.id()));
    }

    @Test
    void backgroundJobsSeeEverySchoolsIdAndStateWithoutItsContactDetails() throws Exception {
        School school = fixtures.school();
        transition(school.id(), "ACTIVE", null).andExpect(status().isOk());

        assertThat(schools.statuses()).contains(new Schools.Status(school.id(), SchoolState.ACTIVE));
        assertThat(schools.statuses()).extracting(Schools.Status::id)
                .containsExactlyInAnyOrderElementsOf(schools.all().stream().map(School::id).toList());
    }

    @Test
    void anIllegalTransitionIsRefusedAndChangesNothing() throws Exception {
        School school = fixtures.school();

        transition(school.id(), "PURGED", null)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("illegal-transition"));

        assertThat(schools.get(school.id(), operator).state()).isEqualTo(SchoolState.TRIAL);
        assertThat(schools.history(school.id(), operator)).hasSize(1);
    }

    @Test
    void aTerminationDateInThePastIsRefused() throws Exception {
        School school = fixtures.school();
        String yesterday = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1).toString();

        transition(school.id(), "TERMINATED", yesterday)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-termination-date"));
        assertThat(schools.get(school.id(), operator).state()).isEqualTo(SchoolState.TRIAL);
    }

    @Test
    void anUnknownSchoolIsAProblemDetail() throws Exception {
        mvc.perform(get("/api/v1/schools/" + UUID.randomUUID()).with(user(operator)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("school-not-found"));
        transition(UUID.randomUUID(), "ACTIVE", null)
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("school-not-found"));
        mvc.perform(get("/api/v1/schools/not-a-uuid").with(user(operator)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-parameter"));
    }

    @Test
    void aSchoolUserCannotSeeAnotherSchoolAndCannotTellItExists() throws Exception {
        School mine = fixtures.school();
        School theirs = fixtures.school();
        CustodianUser teacher = fixtures.user(mine.id(), Role.TEACHER);

        mvc.perform(get("/api/v1/schools/" + mine.id()).with(user(teacher)))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/schools/" + theirs.id()).with(user(teacher)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("school-not-found"));
        mvc.perform(get("/api/v1/schools/" + theirs.id() + "/isa-acceptances").with(user(teacher)))
                .andExpect(status().isNotFound());
    }

    @Test
    void anUnknownApiPathIsAProblemDetail() throws Exception {
        mvc.perform(get("/api/v1/no-such-thing").with(user(operator)).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound());
    }

    private ResultActions register(String body) throws Exception {
        return mvc.perform(post("/api/v1/schools").with(user(operator)).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions transition(UUID schoolId, String state, String terminationDate) throws Exception {
        String date = terminationDate == null ? "null" : "\"" + terminationDate + "\"";
        return mvc.perform(post("/api/v1/schools/" + schoolId + "/transitions").with(user(operator)).with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"state\": \"" + state + "\", \"terminationDate\": " + date + "}"));
    }

    private static String json(String urn, String la, String estab, String firstAdminEmail) {
        return """
                {"urn": "%s", "laCode": "%s", "establishmentNumber": "%s", "name": "Test School",
                 "nation": "ENGLAND", "contactName": "Contact Person", "contactEmail": "contact@example.com",
                 "firstAdminName": "First Admin", "firstAdminEmail": %s}""".formatted(urn, la, estab, firstAdminEmail);
    }
}
