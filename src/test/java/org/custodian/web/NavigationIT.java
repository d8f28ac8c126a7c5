package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The menu comes in groups, and each role sees only the links (and groups) it may use. */
@CustodianTest
class NavigationIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;

    @Test
    void eachRoleSeesItsOwnGroupsAndLinks() {
        UUID school = fixtures.school().id();

        String admin = menu(fixtures.schoolAdmin(school), "/school");
        assertThat(groups(admin)).containsExactly("nav-pupils", "nav-people", "nav-records", "nav-school");
        assertThat(admin).contains("href=\"/school/users\"", "href=\"/school/access-log\"", "href=\"/imports\"",
                "href=\"/school/rights-requests\"",
                "People and access", "Records and compliance");

        String teacher = menu(fixtures.user(school, Role.TEACHER), "/school");
        assertThat(groups(teacher)).containsExactly("nav-pupils", "nav-records", "nav-school");
        assertThat(teacher).contains("href=\"/pupils\"", "href=\"/school/agreement\"")
                .doesNotContain("href=\"/imports\"", "href=\"/school/access-log\"", "href=\"/school/users\"",
                        "href=\"/school/rights-requests\"");

        String dpo = menu(fixtures.user(school, Role.DPO), "/school");
        assertThat(groups(dpo)).containsExactly("nav-pupils", "nav-people", "nav-records", "nav-school");
        assertThat(dpo).contains("href=\"/school/access-log\"", "href=\"/school/sign-in-events\"", "href=\"/imports\"",
                        "href=\"/school/rights-requests\"")
                .doesNotContain("href=\"/school/users\"", "href=\"/school/api-tokens\"");

        String platform = menu(fixtures.platformAdmin(), "/platform/schools");
        assertThat(groups(platform)).containsExactly("nav-platform", "nav-school");
        assertThat(platform).contains("href=\"/platform/schools\"").doesNotContain("href=\"/pupils\"", "href=\"/school\"");
    }

    private String menu(CustodianUser user, String page) {
        String body = fixtures.signedIn(port, user).get(page).body();
        int start = body.indexOf("<nav aria-label=\"Menu\"");
        assertThat(start).isNotNegative();
        return body.substring(start, body.indexOf("</nav>", start));
    }

    private static List<String> groups(String menu) {
        return Pattern.compile("id=\"(nav-[a-z]+)\"").matcher(menu).results().map(m -> m.group(1)).toList();
    }
}
