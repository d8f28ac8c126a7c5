package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Fetch Metadata: what another site makes a signed-in browser request is refused (403,
 * {@code cross-site-request}) before it reaches a session, so it reads nothing and logs nothing in
 * the person's name; public paths, and following a link to the home or sign-in page, still work.
 */
@CustodianTest
class CrossSiteRequestIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;

    School school;
    Browser teacher;
    String pupilId;

    @BeforeEach
    void aTeacherWorkingWithAPupil() {
        school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        Browser dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
        var created = dataManager.api("POST", "/api/v1/pupils", fixtures.newPupil().json(), "Custodian-Purpose",
                "DATA_MANAGEMENT");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var id = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
        assertThat(id.find()).isTrue();
        pupilId = id.group(1);
        teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
        teacher.postForm("/pupils/purpose", "/pupils/purpose", Map.of("purpose", "TEACHING_AND_LEARNING",
                "reason", "", "size", "25", "next", "/pupils"));
    }

    @Test
    void aLinkOnAnotherSiteCannotOpenAPupilPageAndNothingIsLogged() {
        long before = logEntries();

        var followed = teacher.send(navigation("/pupils/" + pupilId, "cross-site"));

        assertThat(followed.statusCode()).isEqualTo(403);
        assertThat(followed.body()).contains("cross-site-request", "cannot be opened from another site")
                .doesNotContain(pupilId);
        assertThat(logEntries()).isEqualTo(before);

        var fromCustodian = teacher.send(navigation("/pupils/" + pupilId, "same-origin"));
        var typedIn = teacher.send(navigation("/pupils/" + pupilId, "none"));
        var oldBrowser = teacher.get("/pupils/" + pupilId);
        assertThat(List.of(fromCustodian.statusCode(), typedIn.statusCode(), oldBrowser.statusCode()))
                .containsOnly(200);
        assertThat(logEntries()).isEqualTo(before + 3);
    }

    @Test
    void crossSiteApiCallsGetTheProblemAsJson() {
        long before = logEntries();

        var read = teacher.send(HttpRequest.newBuilder(teacher.uri("/api/v1/pupils/" + pupilId))
                .header("Accept", "application/json").header("Custodian-Purpose", "TEACHING_AND_LEARNING")
                .header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "no-cors")
                .header("Sec-Fetch-Dest", "script").GET());

        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(read.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(read.body()).contains("\"code\":\"cross-site-request\"");
        assertThat(logEntries()).isEqualTo(before);
    }

    @Test
    void onlyTheHomeAndSignInPagesAcceptLinksFromOtherSitesAndPublicPathsStayReachable() {
        var home = teacher.send(navigation("/", "cross-site"));
        assertThat(home.statusCode()).isEqualTo(302);
        // The browser marks the redirect it follows as cross-site too: the start page it leads to takes it.
        String startPage = home.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
        assertThat(startPage).isEqualTo("/school");
        assertThat(teacher.send(navigation(startPage, "cross-site")).statusCode()).isEqualTo(200);
        assertThat(teacher.send(navigation("/login", "cross-site")).statusCode()).isEqualTo(200);
        assertThat(teacher.send(navigation("/pupils", "cross-site")).statusCode()).isEqualTo(403);
        assertThat(teacher.send(navigation("/school/sessions", "cross-site")).statusCode()).isEqualTo(403);
        // Not a top-level navigation: another site embedding or fetching the home page.
        assertThat(teacher.send(HttpRequest.newBuilder(teacher.uri("/")).header("Sec-Fetch-Site", "cross-site")
                .header("Sec-Fetch-Mode", "navigate").header("Sec-Fetch-Dest", "iframe").GET()).statusCode())
                .isEqualTo(403);
        assertThat(teacher.send(HttpRequest.newBuilder(teacher.uri("/logout")).header("Sec-Fetch-Site", "cross-site")
                .header("Sec-Fetch-Mode", "navigate").header("Sec-Fetch-Dest", "document")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(""))).statusCode()).isEqualTo(403);
        assertThat(teacher.get("/school").statusCode()).as("still signed in").isEqualTo(200);

        Browser stranger = new Browser(port, "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors",
                "Sec-Fetch-Dest", "style");
        assertThat(stranger.get("/css/custodian.css").statusCode()).isNotEqualTo(403);
        assertThat(stranger.get("/api/v1/openapi").statusCode()).isEqualTo(200);
        assertThat(stranger.get("/forgot-password").statusCode()).isEqualTo(200);
    }

    /** Following a link (or typing the address, for site "none") to a page. */
    private HttpRequest.Builder navigation(String path, String site) {
        return HttpRequest.newBuilder(teacher.uri(path)).GET()
                .header("Accept", "text/html").header("Sec-Fetch-Site", site)
                .header("Sec-Fetch-Mode", "navigate").header("Sec-Fetch-Dest", "document");
    }

    private long logEntries() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from access_log_entry where school_id = ?")
                .param(school.id()).query(Long.class).single());
    }

}
