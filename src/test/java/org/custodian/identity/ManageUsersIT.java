package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.custodian.identity.StaffTesting.call;
import static org.custodian.identity.StaffTesting.invitationLinks;
import static org.custodian.identity.StaffTesting.invite;
import static org.custodian.identity.StaffTesting.json;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;

import org.custodian.privacy.PersonName;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A school admin manages their own school's staff, within the rules, and every change is recorded. */
@CustodianTest
class ManageUsersIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired SecurityEvents events;
    @Autowired GreenMail mail;
    @Autowired Tenancy tenancy;
    @Autowired UserAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;

    UUID school;
    CustodianUser admin;
    Browser adminBrowser;

    @BeforeEach
    void aSchoolAdminSignedIn() {
        // Every test signs in from 127.0.0.1: start a fresh window of the per-address throttle.
        clock.advance(Duration.ofMinutes(6));
        school = fixtures.school().id();
        admin = fixtures.schoolAdmin(school);
        adminBrowser = fixtures.signedIn(port, admin);
    }

    @Test
    void theListShowsRoleStatusLastSignInAndSecondFactorNewestFirstOrByName() throws Exception {
        // Creation times one second apart, so "newest first" has one answer.
        clock.advance(Duration.ofSeconds(1));
        CustodianUser teacher = fixtures.user(school, Role.TEACHER);
        fixtures.signedIn(port, teacher);
        rename(teacher, "Aaron Teacher");
        clock.advance(Duration.ofSeconds(1));
        rename(admin, "Zoe Admin");
        String email = "listed." + UUID.randomUUID() + "@example.com";
        UUID invited = invite(adminBrowser, "Mia Invited", email, Role.DATA_MANAGER);
        invitationLinks(mail, email, 1);

        JsonNode newest = json(call(adminBrowser, "GET", "/api/v1/users", null));
        JsonNode byName = json(call(adminBrowser, "GET", "/api/v1/users?order=name", null));
        String page = adminBrowser.get("/school/users").body();

        assertThat(names(newest)).as("newest first").containsExactly("Mia Invited", "Aaron Teacher", "Zoe Admin");
        assertThat(names(byName)).containsExactly("Aaron Teacher", "Mia Invited", "Zoe Admin");
        JsonNode teacherRow = byName.get(0);
        assertThat(teacherRow.get("role").asString()).isEqualTo("TEACHER");
        assertThat(teacherRow.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(teacherRow.get("twoFactorEnrolled").asBoolean()).isTrue();
        assertThat(teacherRow.get("lastSignInAt").isNull()).isFalse();
        JsonNode invitedRow = byName.get(1);
        assertThat(invitedRow.get("id").asString()).isEqualTo(invited.toString());
        assertThat(invitedRow.get("status").asString()).isEqualTo("INVITED");
        assertThat(invitedRow.get("twoFactorEnrolled").asBoolean()).isFalse();
        assertThat(invitedRow.has("lastSignInAt")).isFalse();
        assertThat(page).contains("Aaron Teacher", "Mia Invited", "Zoe Admin", "Invited", "Set up", "Not set up",
                "Never", "Data manager");
        assertThat(adminBrowser.get("/school").body()).as("nav links for an admin")
                .contains("href=\"/school/users\"", "href=\"/school/sign-in-events\"");
    }

    @Test
    void aRoleChangeIsRecordedAndEndsTheirSessionsSoTheNewRoleAppliesAtOnce() {
        CustodianUser teacher = fixtures.user(school, Role.TEACHER);
        Browser teacherBrowser = fixtures.signedIn(port, teacher);

        var changed = adminBrowser.postForm("/school/users/" + teacher.id(), "/school/users/" + teacher.id() + "/role",
                Map.of("role", "DATA_MANAGER"));

        assertThat(changed.statusCode()).isEqualTo(302);
        assertThat(adminBrowser.get("/school/users/" + teacher.id()).body()).contains("The role has been changed.",
                "Data manager");
        assertThat(events.list(school, teacher.id(), null, null, 10)).filteredOn(e -> e.type() == SecurityEventType.ROLE_CHANGED)
                .singleElement().satisfies(event -> {
                    assertThat(event.detail()).isEqualTo("DATA_MANAGER");
                    assertThat(event.actorId()).isEqualTo(admin.id());
                });
        assertThat(signedOut(teacherBrowser)).isTrue();

        var api = call(adminBrowser, "PATCH", "/api/v1/users/" + teacher.id(), "{\"role\":\"SCHOOL_ADMIN\"}");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(json(api).get("role").asString()).isEqualTo("SCHOOL_ADMIN");
        var invalid = call(adminBrowser, "PATCH", "/api/v1/users/" + teacher.id(), "{\"role\":\"SUPPORT\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("code").asString()).isEqualTo("invalid-role");
        assertThat(roleOf(teacher.id())).isEqualTo("SCHOOL_ADMIN");
    }

    @Test
    void theLastSchoolAdminCannotBeDemotedDisabledOrRemovedAndNoAdminCanChangeTheirOwnAccount() {
        var demoteSelf = adminBrowser.postForm("/school/users/" + admin.id(), "/school/users/" + admin.id() + "/role",
                Map.of("role", "TEACHER"));
        var removeSelf = call(adminBrowser, "DELETE", "/api/v1/users/" + admin.id(), null);
        var disableSelf = call(adminBrowser, "PATCH", "/api/v1/users/" + admin.id(), "{\"enabled\":false}");

        assertThat(demoteSelf.statusCode()).isEqualTo(409);
        assertThat(demoteSelf.body()).contains("Your school must keep at least one enabled school admin.");
        assertThat(json(removeSelf).get("code").asString()).isEqualTo("last-school-admin");
        assertThat(json(disableSelf).get("code").asString()).isEqualTo("last-school-admin");

        CustodianUser second = fixtures.schoolAdmin(school);
        var demoteSelfNow = call(adminBrowser, "PATCH", "/api/v1/users/" + admin.id(), "{\"role\":\"TEACHER\"}");
        var removeSelfNow = adminBrowser.postForm("/school/users/" + admin.id() + "/remove",
                "/school/users/" + admin.id() + "/remove", Map.of());
        var resetSelf = call(adminBrowser, "POST", "/api/v1/users/" + admin.id() + "/reset-two-factor", null);

        assertThat(json(demoteSelfNow).get("code").asString()).isEqualTo("cannot-change-own-account");
        assertThat(removeSelfNow.statusCode()).isEqualTo(409);
        assertThat(removeSelfNow.body()).contains("You cannot change the role of, disable, remove or reset your own account.");
        assertThat(json(resetSelf).get("code").asString()).isEqualTo("cannot-change-own-account");
        assertThat(roleOf(admin.id())).isEqualTo("SCHOOL_ADMIN");
        assertThat(adminBrowser.get("/school/users").statusCode()).as("still enabled and signed in").isEqualTo(200);
        assertThat(events.list(school, admin.id(), null, null, 50)).extracting(SecurityEvent::type)
                .doesNotContain(SecurityEventType.ROLE_CHANGED, SecurityEventType.USER_DISABLED,
                        SecurityEventType.USER_REMOVED, SecurityEventType.SECOND_FACTOR_RESET);

        // With another admin in place, the other admin can be demoted by this one.
        var demoteOther = call(adminBrowser, "PATCH", "/api/v1/users/" + second.id(), "{\"role\":\"TEACHER\"}");
        assertThat(demoteOther.statusCode()).isEqualTo(200);
        var demoteLastAgain = call(adminBrowser, "PATCH", "/api/v1/users/" + admin.id(), "{\"role\":\"TEACHER\"}");
        assertThat(json(demoteLastAgain).get("code").asString()).isEqualTo("last-school-admin");
    }

    @Test
    void aDisabledAccountCannotSignInUntilEnabledAgain() {
        CustodianUser teacher = fixtures.user(school, Role.TEACHER);
        Browser teacherBrowser = fixtures.signedIn(port, teacher);

        var disabled = adminBrowser.postForm("/school/users/" + teacher.id(), "/school/users/" + teacher.id() + "/disable",
                Map.of());

        assertThat(disabled.statusCode()).isEqualTo(302);
        assertThat(signedOut(teacherBrowser)).as("their session ended").isTrue();
        assertThat(passwordStep(teacher)).endsWith("/login?error");
        assertThat(adminBrowser.get("/school/users/" + teacher.id()).body()).contains("Disabled");

        var enabled = call(adminBrowser, "PATCH", "/api/v1/users/" + teacher.id(), "{\"enabled\":true}");
        assertThat(json(enabled).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(passwordStep(teacher)).endsWith("/sign-in/two-factor");
        assertThat(events.list(school, teacher.id(), null, null, 50)).extracting(SecurityEvent::type)
                .contains(SecurityEventType.USER_DISABLED, SecurityEventType.USER_ENABLED);
    }

    @Test
    void aRemovedAccountCanNeverSignInDisappearsAndFreesItsEmail() throws Exception {
        CustodianUser teacher = fixtures.user(school, Role.TEACHER);
        Browser teacherBrowser = fixtures.signedIn(port, teacher);

        assertThat(adminBrowser.get("/school/users/" + teacher.id() + "/remove").body()).contains("Remove user");
        var removed = adminBrowser.postForm("/school/users/" + teacher.id() + "/remove",
                "/school/users/" + teacher.id() + "/remove", Map.of());

        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(signedOut(teacherBrowser)).isTrue();
        assertThat(passwordStep(teacher)).endsWith("/login?error");
        assertThat(adminBrowser.get("/school/users/" + teacher.id()).statusCode()).isEqualTo(404);
        assertThat(json(call(adminBrowser, "GET", "/api/v1/users", null)).valueStream()
                .map(user -> user.get("id").asString())).doesNotContain(teacher.id().toString());
        assertThat(call(adminBrowser, "DELETE", "/api/v1/users/" + teacher.id(), null).statusCode()).isEqualTo(404);
        assertThat(events.list(school, teacher.id(), null, null, 50)).extracting(SecurityEvent::type)
                .contains(SecurityEventType.USER_REMOVED);
        // The database refuses to enable a removed account again, whatever the code does.
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> tenancy.asPlatform(() ->
                jdbc.sql("update user_account set enabled = true where id = ?").param(teacher.id()).update())))
                .isNotNull();
        assertThat(tenancy.asPlatform(() -> jdbc.sql("select count(*) from user_totp where user_id = ?")
                .param(teacher.id()).query(Long.class).single())).as("credentials deleted").isZero();

        UUID again = invite(adminBrowser, "Back Again", teacher.getUsername(), Role.TEACHER);
        assertThat(again).isNotEqualTo(teacher.id());
        assertThat(invitationLinks(mail, teacher.getUsername(), 1)).hasSize(1);
    }

    @Test
    void unlockLetsALockedUserSignInAgain() {
        CustodianUser teacher = fixtures.user(school, Role.TEACHER);
        for (int i = 0; i < 10; i++) {
            new Browser(port).signIn(teacher.getUsername(), "Wrong-Passw0rd-" + i);
        }
        assertThat(passwordStep(teacher)).as("locked").endsWith("/login?error");
        assertThat(adminBrowser.get("/school/users/" + teacher.id()).body()).contains("Locked", "Unlock account");

        var unlocked = adminBrowser.postForm("/school/users/" + teacher.id(), "/school/users/" + teacher.id() + "/unlock",
                Map.of());

        assertThat(unlocked.statusCode()).isEqualTo(302);
        assertThat(passwordStep(teacher)).doesNotEndWith("/login?error");
        assertThat(events.list(school, teacher.id(), null, null, 50)).filteredOn(e -> e.type() == SecurityEventType.ACCOUNT_UNLOCKED)
                .singleElement().extracting(SecurityEvent::actorId).isEqualTo(admin.id());
    }

    @Test
    void resettingTheSecondFactorForcesReEnrolmentAndEndsTheirSessions() {
        CustodianUser teacher = fixtures.user(school, Role.TEACHER);
        Browser teacherBrowser = fixtures.signedIn(port, teacher);
        assertThat(passwordStep(teacher)).endsWith("/sign-in/two-factor");

        var reset = adminBrowser.postForm("/school/users/" + teacher.id(),
                "/school/users/" + teacher.id() + "/reset-two-factor", Map.of());

        assertThat(reset.statusCode()).isEqualTo(302);
        assertThat(signedOut(teacherBrowser)).isTrue();
        assertThat(passwordStep(teacher)).endsWith("/account/two-factor/setup");
        assertThat(tenancy.asPlatform(() -> jdbc.sql("select count(*) from recovery_code where user_id = ?")
                .param(teacher.id()).query(Long.class).single())).isZero();
        assertThat(events.list(school, teacher.id(), null, null, 50)).extracting(SecurityEvent::type)
                .contains(SecurityEventType.SECOND_FACTOR_RESET);
    }

    @Test
    void anotherSchoolsUserAnswersLikeAnUnknownOneAndNothingChanges() {
        UUID otherSchool = fixtures.school().id();
        CustodianUser stranger = fixtures.user(otherSchool, Role.TEACHER);
        fixtures.signedIn(port, stranger);
        int eventsBefore = events.list(otherSchool, stranger.id(), null, null, 100).size();
        String base = "/school/users/" + stranger.id();
        String api = "/api/v1/users/" + stranger.id();

        List<HttpResponse<String>> pages = List.of(
                adminBrowser.get(base),
                adminBrowser.get(base + "/remove"),
                adminBrowser.postForm("/school/users", base + "/role", Map.of("role", "SCHOOL_ADMIN")),
                adminBrowser.postForm("/school/users", base + "/disable", Map.of()),
                adminBrowser.postForm("/school/users", base + "/unlock", Map.of()),
                adminBrowser.postForm("/school/users", base + "/reset-two-factor", Map.of()),
                adminBrowser.postForm("/school/users", base + "/invitation", Map.of()),
                adminBrowser.postForm("/school/users", base + "/remove", Map.of()));
        List<HttpResponse<String>> calls = List.of(
                call(adminBrowser, "GET", api, null),
                call(adminBrowser, "PATCH", api, "{\"role\":\"SCHOOL_ADMIN\",\"enabled\":false}"),
                call(adminBrowser, "POST", api + "/unlock", null),
                call(adminBrowser, "POST", api + "/reset-two-factor", null),
                call(adminBrowser, "POST", api + "/invitation", null),
                call(adminBrowser, "DELETE", api, null));
        var unknownPage = adminBrowser.get("/school/users/" + UUID.randomUUID());
        int eventsAfter = events.list(otherSchool, stranger.id(), null, null, 100).size();

        assertThat(pages).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains("There is no user with that id.");
        });
        assertThat(calls).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(json(response).get("code").asString()).isEqualTo("user-not-found");
        });
        assertThat(withoutCsrf(pages.get(0).body())).isEqualTo(withoutCsrf(unknownPage.body()));
        assertThat(eventsAfter).isEqualTo(eventsBefore);
        assertThat(roleOf(stranger.id())).isEqualTo("TEACHER");
        assertThat(passwordStep(stranger)).as("still enabled, still enrolled").endsWith("/sign-in/two-factor");
    }

    @Test
    void aTeacherCannotManageUsers() {
        CustodianUser teacher = fixtures.user(school, Role.TEACHER);
        Browser teacherBrowser = fixtures.signedIn(port, teacher);

        assertThat(teacherBrowser.get("/school/users").statusCode()).isEqualTo(403);
        assertThat(teacherBrowser.get("/school/users/" + admin.id()).statusCode()).isEqualTo(403);
        assertThat(teacherBrowser.postForm("/school", "/school/users/" + admin.id() + "/disable", Map.of())
                .statusCode()).isEqualTo(403);
        var api = call(teacherBrowser, "GET", "/api/v1/users", null);
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(json(api).get("code").asString()).isEqualTo("forbidden");
        assertThat(call(teacherBrowser, "DELETE", "/api/v1/users/" + admin.id(), null).statusCode()).isEqualTo(403);
        assertThat(teacherBrowser.get("/school").body()).doesNotContain("href=\"/school/users\"");
        assertThat(roleOf(admin.id())).isEqualTo("SCHOOL_ADMIN");
    }

    /** Where the password step sends this user with the right password. */
    private String passwordStep(CustodianUser user) {
        return new Browser(port).signIn(user.getUsername(), Fixtures.PASSWORD).headers().firstValue("Location")
                .orElseThrow();
    }

    /** Their existing session no longer works: pages send them to sign in. */
    private static boolean signedOut(Browser browser) {
        var response = browser.get("/school");
        return response.statusCode() == 302
                && response.headers().firstValue("Location").orElseThrow().endsWith("/login");
    }

    private static String withoutCsrf(String html) {
        return html.replaceAll("name=\"_csrf\"\\s+value=\"[^\"]*\"", "");
    }

    private String roleOf(UUID id) {
        return tenancy.asPlatform(() -> jdbc.sql("select role from user_account where id = ?").param(id)
                .query(String.class).single());
    }

    private void rename(CustodianUser user, String name) {
        accounts.rename(user.id(), new PersonName(name));
    }

    private static List<String> names(JsonNode users) {
        return users.valueStream().map(user -> user.get("name").asString()).toList();
    }
}
