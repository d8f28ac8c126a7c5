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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The school's own pages: overview, reading and accepting the agreement, receipts. */
@CustodianTest
@AutoConfigureMockMvc
class SchoolPagesIT {

    @Autowired MockMvc mvc;
    @Autowired Fixtures fixtures;
    @Autowired InformationSharingAgreements agreements;

    School school;
    CustodianUser admin;

    @BeforeEach
    void aSchoolWithItsAdmin() {
        school = fixtures.school();
        admin = fixtures.schoolAdmin(school.id());
    }

    @Test
    void theStartPageSendsSchoolStaffToTheirSchoolAndOperatorsToTheSchoolList() throws Exception {
        mvc.perform(get("/").with(user(admin))).andExpect(redirectedUrl("/school"));
        mvc.perform(get("/").with(user(fixtures.platformAdmin()))).andExpect(redirectedUrl("/platform/schools"));
    }

    @Test
    void theOverviewShowsTheSchoolAndWarnsThatNoPupilDataCanBeProcessedUntilTheAgreementIsAccepted() throws Exception {
        mvc.perform(get("/school").with(user(fixtures.user(school.id(), Role.TEACHER))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(school.name())))
                .andExpect(content().string(containsString(school.urn())))
                .andExpect(content().string(containsString(school.dfeNumber())))
                .andExpect(content().string(containsString("England")))
                .andExpect(content().string(containsString("Trial")))
                .andExpect(content().string(containsString("No pupil data can be processed")));

        fixtures.acceptAgreement(school.id(), admin);

        mvc.perform(get("/school").with(user(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Accepted")))
                .andExpect(content().string(not(containsString("No pupil data can be processed"))));
    }

    @Test
    void anAdminAcceptsThroughThePageAndTheReceiptRecordsTheSignerRoleAndAddress() throws Exception {
        IsaVersion current = agreements.current().orElseThrow();
        mvc.perform(get("/school/agreement").with(user(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("class=\"custodian-agreement")))
                .andExpect(content().string(containsString(current.contentHash())))
                // The signer's name is prefilled with the account's display name.
                .andExpect(content().string(containsString("value=\"" + admin.displayName() + "\"")));

        MvcResult result = mvc.perform(post("/school/agreement").with(user(admin)).with(csrf())
                        .with(request -> {
                            request.setRemoteAddr("203.0.113.7");
                            return request;
                        })
                        .param("contentHash", current.contentHash())
                        .param("signerName", "Ada Example")
                        .param("signerRole", "Headteacher")
                        .param("confirmed", "true"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("banner", containsString("You accepted version " + current.version())))
                .andReturn();

        List<IsaAcceptance> stored = agreements.acceptances(school.id(), admin);
        assertThat(stored).singleElement().satisfies(acceptance -> {
            assertThat(acceptance.signerName().value()).isEqualTo("Ada Example");
            assertThat(acceptance.signerRole()).isEqualTo("Headteacher");
            assertThat(acceptance.sourceIp()).isEqualTo("203.0.113.7");
            assertThat(acceptance.contentHash()).isEqualTo(current.contentHash());
            assertThat(acceptance.acceptedBy()).isEqualTo(admin.id());
        });
        assertThat(result.getResponse().getRedirectedUrl())
                .isEqualTo("/school/agreement/receipts/" + stored.get(0).id());
        assertThat(agreements.status(school.id(), admin).acceptedCurrent()).isTrue();

        mvc.perform(get(result.getResponse().getRedirectedUrl()).with(user(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Ada Example")))
                .andExpect(content().string(containsString("Headteacher")))
                .andExpect(content().string(containsString("203.0.113.7")))
                .andExpect(content().string(containsString(current.contentHash())));
    }

    @Test
    void withoutTheConfirmationCheckboxNothingIsStoredAndTheErrorIsShown() throws Exception {
        mvc.perform(post("/school/agreement").with(user(admin)).with(csrf())
                        .param("contentHash", agreements.current().orElseThrow().contentHash())
                        .param("signerName", "Ada Example")
                        .param("signerRole", "Headteacher"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("govuk-error-summary")))
                .andExpect(content().string(containsString("href=\"#confirmed\"")))
                .andExpect(content().string(containsString("id=\"confirmed-error\"")))
                // What the signer typed is kept so they need not type it again.
                .andExpect(content().string(containsString("value=\"Headteacher\"")));

        assertThat(agreements.acceptances(school.id(), admin)).isEmpty();
    }

    @Test
    void aBlankRoleIsShownOnItsFieldAndNothingIsStored() throws Exception {
        mvc.perform(post("/school/agreement").with(user(admin)).with(csrf())
                        .param("contentHash", agreements.current().orElseThrow().contentHash())
                        .param("signerName", "Ada Example")
                        .param("signerRole", " ")
                        .param("confirmed", "true"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("href=\"#signerRole\"")))
                .andExpect(content().string(containsString("id=\"signerRole-error\"")))
                .andExpect(content().string(containsString("aria-describedby=\"signerRole-hint signerRole-error\"")));

        assertThat(agreements.acceptances(school.id(), admin)).isEmpty();
    }

    @Test
    void acceptingAVersionThatIsNoLongerCurrentIsRefusedAndTheNewVersionIsShown() throws Exception {
        String readHash = agreements.current().orElseThrow().contentHash();
        IsaVersion newer = agreements.publish("Custodian Information Sharing Agreement",
                "A newer agreement text for the stale-version test " + school.urn(), fixtures.platformAdmin());

        mvc.perform(post("/school/agreement").with(user(admin)).with(csrf())
                        .param("contentHash", readHash)
                        .param("signerName", "Ada Example")
                        .param("signerRole", "Headteacher")
                        .param("confirmed", "true"))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("govuk-error-summary")))
                .andExpect(content().string(containsString("not the current version")))
                // The form now carries the newer version, which the signer can read and accept.
                .andExpect(content().string(containsString("value=\"" + newer.contentHash() + "\"")))
                // Having not read the newer text, the signer must tick the confirmation again.
                .andExpect(content().string(not(containsString("checked=\"checked\""))));

        assertThat(agreements.acceptances(school.id(), admin)).isEmpty();
    }

    @Test
    void aTeacherReadsTheAgreementButCannotAcceptIt() throws Exception {
        CustodianUser teacher = fixtures.user(school.id(), Role.TEACHER);
        IsaVersion current = agreements.current().orElseThrow();

        mvc.perform(get("/school/agreement").with(user(teacher)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(current.contentHash())))
                .andExpect(content().string(not(containsString("name=\"confirmed\""))))
                .andExpect(content().string(containsString("Only a school admin can accept")));

        mvc.perform(post("/school/agreement").with(user(teacher)).with(csrf())
                        .param("contentHash", current.contentHash())
                        .param("signerName", "Ada Example")
                        .param("signerRole", "Teacher")
                        .param("confirmed", "true"))
                .andExpect(status().isForbidden());

        assertThat(agreements.acceptances(school.id(), admin)).isEmpty();
    }

    @Test
    void theReceiptDownloadsAsATextAttachmentWithTheVersionHash() throws Exception {
        fixtures.acceptAgreement(school.id(), admin);
        IsaAcceptance acceptance = agreements.acceptances(school.id(), admin).get(0);

        mvc.perform(get("/school/agreement").with(user(admin)))
                .andExpect(content().string(containsString("/school/agreement/receipts/" + acceptance.id())));

        mvc.perform(get("/school/agreement/receipts/{id}/download", acceptance.id())
                        .with(user(fixtures.user(school.id(), Role.TEACHER))))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.CONTENT_DISPOSITION, containsString("attachment")))
                .andExpect(content().contentTypeCompatibleWith("text/plain"))
                .andExpect(content().string(containsString(acceptance.contentHash())))
                .andExpect(content().string(containsString("Headteacher")));
    }

    @Test
    void anotherSchoolsReceiptIsNotFoundBecauseTheSchoolComesFromTheSignedInUser() throws Exception {
        fixtures.acceptAgreement(school.id(), admin);
        IsaAcceptance acceptance = agreements.acceptances(school.id(), admin).get(0);
        CustodianUser otherAdmin = fixtures.schoolAdmin(fixtures.school().id());

        mvc.perform(get("/school/agreement/receipts/{id}", acceptance.id()).with(user(otherAdmin)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/school/agreement/receipts/{id}/download", acceptance.id()).with(user(otherAdmin)))
                .andExpect(status().isNotFound());
    }

    @Test
    void platformStaffHaveNoSchoolPages() throws Exception {
        CustodianUser operator = fixtures.platformAdmin();
        mvc.perform(get("/school").with(user(operator))).andExpect(status().isForbidden());
        mvc.perform(get("/school/agreement").with(user(operator))).andExpect(status().isForbidden());
    }

    /** The content security policy forbids inline script and style: no template may rely on them. */
    @Test
    void noTemplateHasInlineScriptOrStyle() throws IOException {
        Pattern inlineScript = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
        Pattern inlineStyle = Pattern.compile("<style[\\s>]|\\sstyle\\s*=|th:style\\s*=|\\son[a-z]+\\s*=",
                Pattern.CASE_INSENSITIVE);
        List<Path> templates;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            templates = files.filter(path -> path.toString().endsWith(".html")).toList();
        }
        assertThat(templates).isNotEmpty();
        for (Path template : templates) {
            String html = Files.readString(template);
            assertThat(inlineScript.matcher(html).find()).as("inline <script> in %s", template).isFalse();
            assertThat(inlineStyle.matcher(html).find()).as("inline style or event handler in %s", template).isFalse();
        }
    }
}
