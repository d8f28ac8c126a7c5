package org.custodian.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The cookie page names exactly the cookies the server sets, and shows no consent banner. */
@CustodianTest
class CookiesIT {

    private static final Pattern LISTED = Pattern.compile("<code class=\"cookie-name\">([^<]+)</code>");

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;

    @Test
    void theCookiePageListsEveryCookieTheServerSetsAndNoOther() {
        School school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        CustodianUser teacher = fixtures.user(school.id(), Role.TEACHER);

        Browser browser = new Browser(port);
        browser.get("/cookies");
        browser.get("/forgot-password");
        // First sign-in: password, authenticator enrolment; then pages, sign-out, a second sign-in
        // with the device cookie, a failed one, and the signed-in pages of another role.
        fixtures.signedIn(browser, teacher);
        browser.get("/school");
        browser.get("/pupils");
        browser.get("/school/transparency");
        browser.api("GET", "/api/v1/transparency", null);
        browser.postForm("/school", "/logout", Map.of());
        browser.signIn(teacher.getUsername(), "not the password");
        fixtures.signedIn(browser, teacher);
        browser.postForm("/school", "/logout", Map.of());
        fixtures.signedIn(browser, admin);
        browser.get("/school/users");
        browser.postForm("/school", "/logout", Map.of());

        String page = new Browser(port).get("/cookies").body();
        Set<String> listed = new HashSet<>();
        Matcher names = LISTED.matcher(page);
        while (names.find()) {
            listed.add(names.group(1));
        }
        assertThat(browser.cookieNamesSet()).as("cookies the server set").isNotEmpty().isEqualTo(listed);
        assertThat(page).contains("strictly necessary").doesNotContain("govuk-cookie-banner")
                .doesNotContainIgnoringCase("accept cookies");
    }
}
