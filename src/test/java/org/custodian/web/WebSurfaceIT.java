package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What the outside world can reach without signing in, and the headers every response carries. */
@CustodianTest
class WebSurfaceIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;

    @Test
    void actuatorExposesHealthAndInfoOnly() {
        Browser anonymous = new Browser(port);

        assertThat(anonymous.get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health").body()).contains("\"status\":\"UP\"").doesNotContain("components");
        assertThat(anonymous.get("/actuator/info").statusCode()).isEqualTo(200);
        // Even a signed-in operator finds nothing else: the endpoints are not exposed at all.
        Browser operator = fixtures.signedIn(port, fixtures.platformAdmin());
        for (String hidden : new String[] {"/actuator/env", "/actuator/beans", "/actuator/configprops",
                "/actuator/heapdump", "/actuator/loggers", "/actuator/mappings"}) {
            assertThat(operator.get(hidden).statusCode()).as(hidden).isEqualTo(404);
        }
    }

    @Test
    void theSignInPagesStylesheetsAndScriptAreServedAsSuchBeforeSignIn() {
        Browser anonymous = new Browser(port);
        for (String[] asset : new String[][] {{"/css/custodian.css", "text/css"},
                {"/webjars/govuk-frontend/dist/govuk/govuk-frontend.min.css", "text/css"},
                {"/js/custodian.js", "javascript"}}) {
            var response = anonymous.get(asset[0]);
            assertThat(response.statusCode()).as(asset[0]).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(asset[0])
                    .hasValueSatisfying(type -> assertThat(type).contains(asset[1]));
        }
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicyAndNoInlineCode() {
        var page = new Browser(port).get("/login");

        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'self'", "script-src 'self'", "style-src 'self'",
                "frame-ancestors 'none'", "object-src 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.body()).doesNotContain("style=").doesNotContainPattern("<script(?![^>]*\\bsrc=)");
    }

    @Test
    void unknownPagesAndApiPathsAnswerWithoutLeakingInternals() {
        var api = new Browser(port).get("/api/v1/nothing-here");

        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.body()).contains("\"code\":\"unauthenticated\"").doesNotContain("Exception", "at org.");
    }

    @Test
    void signedOutPagesRedirectToSignIn() {
        var response = new Browser(port).get("/school");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login"));
    }

    @Test
    void theErrorPageNamesTheErrorInItsTitleAndHeading() {
        Browser operator = fixtures.signedIn(port, fixtures.platformAdmin());

        var page = operator.get("/no-such-page");

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("<title>Page not found – Custodian</title>")
                .contains(">Page not found</h1>").doesNotContain("th:text");
    }

    /** A page a role may not open shows people the error page; the API's refusal stays a problem detail. */
    @Test
    void aRefusedPageIsTheErrorPageAndARefusedApiCallAProblemDetail() {
        var school = fixtures.school();
        Browser teacher = fixtures.signedIn(port, fixtures.user(school.id(), org.custodian.identity.Role.TEACHER));

        var page = teacher.send(java.net.http.HttpRequest.newBuilder(teacher.uri("/school/users"))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").GET());
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<html lang=\"en-GB\"", "<title>You do not have access to this page – Custodian</title>",
                ">You do not have access to this page</h1>");

        var api = teacher.get("/api/v1/sessions");
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.body()).contains("\"code\":\"forbidden\"");
    }
}
