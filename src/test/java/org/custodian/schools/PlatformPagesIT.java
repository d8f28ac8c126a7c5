package org.custodian.schools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The operator's pages: the school list, registration, lifecycle transitions and publishing the ISA. */
@CustodianTest
@AutoConfigureMockMvc
class PlatformPagesIT {

    @Autowired MockMvc mvc;
    @Autowired Fixtures fixtures;
    @Autowired Schools schools;
    @Autowired InformationSharingAgreements agreements;
    @Autowired UserDetailsService users;
    @Autowired PasswordEncoder passwordEncoder;
    @Autowired TestClock clock;

    CustodianUser operator;

    @BeforeEach
    void anOperator() {
        operator = fixtures.platformAdmin();
    }

    @Test
    void schoolStaffAreRefusedEveryPlatformPage() throws Exception {
        School school = fixtures.school();
        CustodianUser schoolAdmin = fixtures.schoolAdmin(school.id());

        for (String page : new String[] {"/platform/schools", "/platform/schools/new",
                "/platform/schools/" + school.id(), "/platform/agreements"}) {
            mvc.perform(get(page).with(user(schoolAdmin))).andExpect(status().isForbidden());
        }
        mvc.perform(post("/platform/schools/{id}/transitions", school.id()).with(user(schoolAdmin)).with(csrf())
                        .param("state", "ACTIVE"))
                .andExpect(status().isForbidden());
        mvc.perform(registration(fixtures.registration()).with(user(schoolAdmin)))
                .andExpect(status().isForbidden());
        assertThat(schools.get(school.id(), operator).state()).isEqualTo(SchoolState.TRIAL);
    }

    @Test
    void theSchoolListLinksToEachSchool() throws Exception {
        School school = fixtures.school();

        mvc.perform(get("/platform/schools").with(user(operator)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(school.name())))
                .andExpect(content().string(containsString(school.dfeNumber())))
                .andExpect(content().string(containsString("/platform/schools/" + school.id())))
                .andExpect(content().string(containsString("Register a school")));

        mvc.perform(get("/platform/schools/new").with(user(operator)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"firstAdminEmail\"")))
                .andExpect(content().string(containsString("value=\"NORTHERN_IRELAND\"")));
    }

    @Test
    void registeringShowsTheFirstAdminsOneTimePasswordOnceAndUncached() throws Exception {
        SchoolRegistration form = withFirstAdmin(fixtures.registration());

        String page = mvc.perform(registration(form).with(user(operator)))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
                .andExpect(content().string(containsString("School registered")))
                .andExpect(content().string(containsString(form.firstAdminEmail())))
                .andReturn().getResponse().getContentAsString();

        School registered = schools.findByUrn(form.urn()).orElseThrow();
        assertThat(registered.name()).isEqualTo(form.name());
        assertThat(registered.contactEmail().value()).isEqualTo(form.contactEmail());
        // The password shown is the account's real one-time password.
        Matcher shown = Pattern.compile("id=\"one-time-password\"[^>]*>([^<]+)<").matcher(page);
        assertThat(shown.find()).isTrue();
        CustodianUser admin = (CustodianUser) users.loadUserByUsername(form.firstAdminEmail());
        assertThat(admin.schoolId()).isEqualTo(registered.id());
        assertThat(admin.mustChangePassword()).isTrue();
        assertThat(passwordEncoder.matches(shown.group(1), admin.getPassword())).isTrue();
    }

    @Test
    void aMalformedUrnIsShownOnItsFieldAndNothingIsCreated() throws Exception {
        SchoolRegistration valid = fixtures.registration();
        SchoolRegistration form = new SchoolRegistration("12AB", valid.laCode(), valid.establishmentNumber(),
                valid.name(), valid.nation(), valid.contactName(), valid.contactEmail(), null, null);
        int before = schools.all().size();

        mvc.perform(registration(form).with(user(operator)))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("govuk-error-summary")))
                .andExpect(content().string(containsString("<a href=\"#urn\">The URN must be 6 digits.</a>")))
                .andExpect(content().string(containsString("id=\"urn-error\"")))
                // The other values are kept so the operator fixes only the URN.
                .andExpect(content().string(containsString("value=\"" + valid.name() + "\"")));

        assertThat(schools.all()).hasSize(before);
        assertThat(schools.all()).noneMatch(school -> school.name().equals(valid.name()));
    }

    @Test
    void emptyRequiredFieldsAskForThemInPageOrder() throws Exception {
        int before = schools.all().size();

        String page = mvc.perform(post("/platform/schools/new").with(user(operator)).with(csrf())
                        .param("urn", "").param("laCode", "").param("establishmentNumber", " ").param("name", "")
                        .param("contactName", "").param("contactEmail", "").param("firstAdminName", "")
                        .param("firstAdminEmail", ""))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("Enter the URN.")))
                .andExpect(content().string(containsString("Choose the nation.")))
                .andExpect(content().string(containsString("Enter the main contact&#39;s email address.")))
                .andExpect(content().string(not(containsString("first admin"  + ".</a>"))))
                .andReturn().getResponse().getContentAsString();

        assertThat(page.indexOf("href=\"#urn\"")).isLessThan(page.indexOf("href=\"#nation\""));
        assertThat(page.indexOf("href=\"#nation\"")).isLessThan(page.indexOf("href=\"#contactEmail\""));
        assertThat(schools.all()).hasSize(before);
    }

    @Test
    void anEmailTheAnnotationsAcceptButTheServiceWouldRefuseIsAFormError() throws Exception {
        SchoolRegistration valid = fixtures.registration();
        SchoolRegistration form = new SchoolRegistration(valid.urn(), valid.laCode(), valid.establishmentNumber(),
                valid.name(), valid.nation(), valid.contactName(), "contact@localhost", null, null);

        mvc.perform(registration(form).with(user(operator)))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("href=\"#contactEmail\"")));

        assertThat(schools.findByUrn(valid.urn())).isEmpty();
    }

    @Test
    void aDuplicateUrnIsShownAsAConflictAndNothingIsCreated() throws Exception {
        School existing = fixtures.school();
        SchoolRegistration other = fixtures.registration();
        SchoolRegistration form = new SchoolRegistration(existing.urn(), other.laCode(), other.establishmentNumber(),
                other.name(), other.nation(), other.contactName(), other.contactEmail(), null, null);
        int before = schools.all().size();

        mvc.perform(registration(form).with(user(operator)))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("<a href=\"#urn\">A school with that URN is already registered.</a>")));

        assertThat(schools.all()).hasSize(before);
    }

    @Test
    void aDuplicateDfeNumberIsShownOnTheLaCode() throws Exception {
        School existing = fixtures.school();
        SchoolRegistration other = fixtures.registration();
        SchoolRegistration form = new SchoolRegistration(other.urn(), existing.laCode(),
                existing.establishmentNumber(), other.name(), other.nation(), other.contactName(),
                other.contactEmail(), null, null);

        mvc.perform(registration(form).with(user(operator)))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("href=\"#laCode\"")));

        assertThat(schools.findByUrn(other.urn())).isEmpty();
    }

    @Test
    void theDetailsPageOffersOnlyTheAllowedTransitions() throws Exception {
        School school = fixtures.school();

        mvc.perform(get("/platform/schools/{id}", school.id()).with(user(operator)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(school.contactEmail().value())))
                .andExpect(content().string(containsString("value=\"ACTIVE\"")))
                .andExpect(content().string(containsString("value=\"TERMINATED\"")))
                .andExpect(content().string(not(containsString("value=\"PURGED\""))))
                .andExpect(content().string(containsString("name=\"terminationDay\"")));
    }

    @Test
    void anAllowedTransitionIsRecordedAndRedirectsWithABanner() throws Exception {
        School school = fixtures.school();

        mvc.perform(post("/platform/schools/{id}/transitions", school.id()).with(user(operator)).with(csrf())
                        .param("state", "ACTIVE"))
                .andExpect(redirectedUrl("/platform/schools/" + school.id()))
                .andExpect(flash().attribute("banner", containsString("Active")));

        assertThat(schools.get(school.id(), operator).state()).isEqualTo(SchoolState.ACTIVE);
        // The test clock stands still, so the history's order by time does not separate the two rows.
        assertThat(schools.history(school.id(), operator)).filteredOn(change -> change.to() == SchoolState.ACTIVE)
                .singleElement().satisfies(change -> {
                    assertThat(change.from()).isEqualTo(SchoolState.TRIAL);
                    assertThat(change.changedBy()).isEqualTo(operator.id());
                });
        mvc.perform(get("/platform/schools/{id}", school.id()).with(user(operator)))
                .andExpect(content().string(containsString(">You</td>")))
                .andExpect(content().string(containsString(">The system</td>")));
    }

    @Test
    void terminatingTakesTheDateEnteredInTheDateInput() throws Exception {
        School school = fixtures.school();
        LocalDate date = LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(40);

        mvc.perform(post("/platform/schools/{id}/transitions", school.id()).with(user(operator)).with(csrf())
                        .param("state", "TERMINATED").param("terminationDay", String.valueOf(date.getDayOfMonth()))
                        .param("terminationMonth", String.valueOf(date.getMonthValue()))
                        .param("terminationYear", String.valueOf(date.getYear())))
                .andExpect(status().is3xxRedirection());

        School terminated = schools.get(school.id(), operator);
        assertThat(terminated.state()).isEqualTo(SchoolState.TERMINATED);
        assertThat(terminated.terminationDate()).isEqualTo(date);
    }

    @Test
    void anImpossibleTerminationDateIsAFormErrorAndChangesNothing() throws Exception {
        School school = fixtures.school();

        mvc.perform(post("/platform/schools/{id}/transitions", school.id()).with(user(operator)).with(csrf())
                        .param("state", "TERMINATED").param("terminationDay", "31")
                        .param("terminationMonth", "2").param("terminationYear", "2030"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("href=\"#terminationDate-day\"")));

        assertThat(schools.get(school.id(), operator).state()).isEqualTo(SchoolState.TRIAL);
    }

    @Test
    void anIllegalTransitionShowsTheRefusalAndLeavesTheStateUnchanged() throws Exception {
        School school = fixtures.school();

        mvc.perform(post("/platform/schools/{id}/transitions", school.id()).with(user(operator)).with(csrf())
                        .param("state", "PURGED"))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("govuk-error-summary")))
                .andExpect(content().string(containsString("cannot move to PURGED")));

        assertThat(schools.get(school.id(), operator).state()).isEqualTo(SchoolState.TRIAL);
        assertThat(schools.history(school.id(), operator)).hasSize(1);
    }

    @Test
    void anOperatorPublishesANewVersionAndSeesItListed() throws Exception {
        int before = agreements.versions().size();
        String text = "Agreement text published through the page, run " + System.nanoTime();

        mvc.perform(post("/platform/agreements").with(user(operator)).with(csrf())
                        .param("title", "Custodian Information Sharing Agreement").param("body", text))
                .andExpect(redirectedUrl("/platform/agreements"))
                .andExpect(flash().attribute("banner", containsString("is published")));

        IsaVersion current = agreements.current().orElseThrow();
        assertThat(agreements.versions()).hasSize(before + 1);
        assertThat(current.body()).isEqualTo(text + "\n");
        mvc.perform(get("/platform/agreements").with(user(operator)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(current.contentHash())));
    }

    @Test
    void anEmptyAgreementTextIsAFormErrorAndNothingIsPublished() throws Exception {
        int before = agreements.versions().size();

        mvc.perform(post("/platform/agreements").with(user(operator)).with(csrf())
                        .param("title", "A title").param("body", "  "))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("href=\"#body\"")))
                .andExpect(content().string(containsString("value=\"A title\"")));

        assertThat(agreements.versions()).hasSize(before);
    }

    @Test
    void supportStaffSeeTheSchoolDirectoryButCannotAdministerIt() throws Exception {
        CustodianUser support = fixtures.user(null, Role.SUPPORT);
        mvc.perform(get("/platform/schools").with(user(support))).andExpect(status().isOk());
        mvc.perform(get("/platform/schools/new").with(user(support))).andExpect(status().isForbidden());
        mvc.perform(get("/platform/agreements").with(user(support))).andExpect(status().isForbidden());
    }

    private static SchoolRegistration withFirstAdmin(SchoolRegistration r) {
        return new SchoolRegistration(r.urn(), r.laCode(), r.establishmentNumber(), r.name(), r.nation(),
                r.contactName(), r.contactEmail(), "First Admin", "admin." + r.urn() + "@example.com");
    }

    private static MockHttpServletRequestBuilder registration(SchoolRegistration r) {
        MockHttpServletRequestBuilder request = post("/platform/schools/new").with(csrf())
                .param("urn", r.urn()).param("laCode", r.laCode())
                .param("establishmentNumber", r.establishmentNumber()).param("name", r.name())
                .param("nation", r.nation().name()).param("contactName", r.contactName())
                .param("contactEmail", r.contactEmail());
        if (r.firstAdminEmail() != null) {
            request.param("firstAdminName", r.firstAdminName()).param("firstAdminEmail", r.firstAdminEmail());
        }
        return request;
    }
}
