package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.custodian.identity.Role;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.json.JsonMapper;

/**
 * The same refusal, chosen by content negotiation: a person's browser gets the error page in the
 * normal layout (language, title, their navigation, a next step); an API client, or anything under
 * {@code /api}, gets an RFC 9457 problem detail. Real HTTP, so the container's error dispatch runs.
 */
@CustodianTest
class ErrorPagesIT {

    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final List<Integer> STATUSES = List.of(400, 403, 405, 409, 413, 500);

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JsonMapper json;

    @Test
    void everyStatusIsAPageInTheBrowserWithTheRolesNavigationAndANextStep() {
        Browser teacher = fixtures.signedIn(port, fixtures.user(fixtures.school().id(), Role.TEACHER));

        for (int status : STATUSES) {
            var page = get(teacher, ErrorProbeController.PATH + "/" + status, BROWSER);
            assertThat(page.statusCode()).as("status of %s", status).isEqualTo(status);
            assertThat(page.headers().firstValue("Content-Type")).as("type of %s", status)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(page.body()).as("page for %s", status)
                    .contains("<html lang=\"en-GB\"", " – Custodian</title>", "<nav aria-label=\"Menu\"",
                            "id=\"next-steps\"", ">Go to your home page</a>")
                    .doesNotContain("th:", "\"detail\"", "Exception");
        }
        assertThat(get(teacher, ErrorProbeController.PATH + "/403", BROWSER).body())
                .contains("You do not have access to this page", "ask your school admin");
        assertThat(get(teacher, "/school/users", BROWSER).body()).as("a page the role may not open")
                .contains("<title>You do not have access to this page – Custodian</title>", "ask your school admin",
                        "<nav aria-label=\"Menu\"");
        assertThat(get(teacher, "/no-such-page", BROWSER).body()).contains("<title>Page not found – Custodian</title>");
        assertThat(get(teacher, "/pupils/not-an-id", BROWSER)).satisfies(page -> {
            assertThat(page.statusCode()).as("a malformed id in the address").isEqualTo(400);
            assertThat(page.body()).contains("invalid-parameter", "<nav aria-label=\"Menu\"");
        });
    }

    @Test
    void anApiClientGetsTheSameRefusalsAsProblemDetails() {
        Browser teacher = fixtures.signedIn(port, fixtures.user(fixtures.school().id(), Role.TEACHER));

        for (int status : STATUSES) {
            var problem = get(teacher, ErrorProbeController.PATH + "/" + status, "application/json");
            assertThat(problem.statusCode()).as("status of %s", status).isEqualTo(status);
            assertThat(problem.headers().firstValue("Content-Type")).as("type of %s", status)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            var body = json.readTree(problem.body());
            assertThat(body.get("status").asInt()).isEqualTo(status);
            assertThat(body.get("code").asString()).as("code of %s", status).isNotBlank();
        }
        assertThat(json.readTree(get(teacher, ErrorProbeController.PATH + "/409", "application/json").body())
                .get("code").asString()).isEqualTo("stale-preview");
        assertThat(json.readTree(get(teacher, "/school/users", "application/json").body()).get("code").asString())
                .isEqualTo("forbidden");
    }

    @Test
    void anApiAddressIsAProblemDetailEvenWhenABrowserOpensIt() {
        Browser teacher = fixtures.signedIn(port, fixtures.user(fixtures.school().id(), Role.TEACHER));

        var unknown = get(teacher, "/api/v1/no-such-thing", BROWSER);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(unknown.body()).get("code").asString()).isEqualTo("not-found");
    }

    @Test
    void aSignedOutPersonIsSentToSignIn() {
        var page = get(new Browser(port), "/css/no-such-file.css", BROWSER);

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains(">Go to the sign-in page</a>").doesNotContain("<nav aria-label=\"Menu\"");
    }

    private static HttpResponse<String> get(Browser browser, String path, String accept) {
        return browser.send(HttpRequest.newBuilder(browser.uri(path)).header("Accept", accept).GET());
    }
}
