package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.custodian.identity.StaffTesting.call;
import static org.custodian.identity.StaffTesting.invitationLinks;
import static org.custodian.identity.StaffTesting.invite;
import static org.custodian.identity.StaffTesting.json;
import static org.custodian.identity.StaffTesting.path;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;

import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Invitations: a single-use, expiring emailed link with which the invitee chooses a password. */
@CustodianTest
@ExtendWith(OutputCaptureExtension.class)
class InvitationIT {

    static final String NEW_PASSWORD = "Invited-Passw0rd-2026";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired GreenMail mail;
    @Autowired TestClock clock;
    @Autowired SecurityEvents events;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

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
    void theEmailedLinkWorksOnceAndTheInviteeSignsInAndMustEnrolTwoFactor(CapturedOutput output) throws Exception {
        String email = "invitee." + UUID.randomUUID() + "@example.com";
        UUID id = invite(adminBrowser, "Ivy Invitee", email, Role.TEACHER);
        String link = invitationLinks(mail, email, 1).get(0);
        String token = link.substring(link.lastIndexOf('/') + 1);

        assertThat(token).hasSize(43); // 32 bytes, URL-safe Base64 without padding
        assertThat(storedTokenHashes(id)).containsExactly(sha256(token));
        assertThat(adminBrowser.get("/school/users/" + id).body()).contains("Invited", "Not set up");
        // Before accepting, the account cannot be signed in to with anything a person could know.
        assertThat(new Browser(port).signIn(email, NEW_PASSWORD).headers().firstValue("Location").orElseThrow())
                .endsWith("/login?error");

        Browser invitee = new Browser(port);
        var form = invitee.get(path(link));
        var weak = invitee.postForm(path(link), path(link), Map.of("password", "weak", "confirmPassword", "weak"));
        var accepted = invitee.postForm(path(link), path(link),
                Map.of("password", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));

        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("Choose your password", "Ivy Invitee");
        assertThat(form.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        assertThat(weak.statusCode()).as("the password policy applies").isEqualTo(400);
        assertThat(weak.body()).contains("Use at least 8 characters.");
        assertThat(accepted.statusCode()).isEqualTo(302);
        assertThat(accepted.headers().firstValue("Location").orElseThrow()).endsWith("/login?invitation-accepted");
        assertThat(invitee.get("/login?invitation-accepted").body()).contains("Your password is set.");

        // Second use: refused, and the password stays the one chosen first.
        var again = new Browser(port);
        var secondVisit = again.get(path(link));
        var secondUse = again.postForm("/login", path(link),
                Map.of("password", "Hijacked-Passw0rd-1", "confirmPassword", "Hijacked-Passw0rd-1"));
        assertThat(secondVisit.statusCode()).isEqualTo(410);
        assertThat(secondVisit.body()).contains("This link is no longer valid");
        assertThat(secondUse.statusCode()).isEqualTo(410);
        assertThat(new Browser(port).signIn(email, "Hijacked-Passw0rd-1").headers().firstValue("Location")
                .orElseThrow()).endsWith("/login?error");

        var signIn = new Browser(port).signIn(email, NEW_PASSWORD);
        assertThat(signIn.headers().firstValue("Location").orElseThrow())
                .as("signed in with the chosen password, sent to enrol a second factor")
                .endsWith("/account/two-factor/setup");

        assertThat(events.list(school, id, null, null, 50)).extracting(SecurityEvent::type, SecurityEvent::actorId)
                .contains(org.assertj.core.groups.Tuple.tuple(SecurityEventType.USER_CREATED, admin.id()),
                        org.assertj.core.groups.Tuple.tuple(SecurityEventType.INVITATION_SENT, admin.id()),
                        org.assertj.core.groups.Tuple.tuple(SecurityEventType.INVITATION_ACCEPTED, id));
        assertThat(output.getAll()).as("the token is never logged").doesNotContain(token);
    }

    @Test
    void anExpiredLinkIsRefusedAndChangesNothing() throws Exception {
        String email = "late." + UUID.randomUUID() + "@example.com";
        UUID id = invite(adminBrowser, "Late Invitee", email, Role.DATA_MANAGER);
        String link = invitationLinks(mail, email, 1).get(0);

        clock.advance(Duration.ofDays(7).plusSeconds(1));
        Browser invitee = new Browser(port);
        var visit = invitee.get(path(link));
        var use = invitee.postForm("/login", path(link), Map.of("password", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));

        assertThat(visit.statusCode()).isEqualTo(410);
        assertThat(visit.body()).contains("This link is no longer valid");
        assertThat(use.statusCode()).isEqualTo(410);
        assertThat(new Browser(port).signIn(email, NEW_PASSWORD).headers().firstValue("Location").orElseThrow())
                .endsWith("/login?error");
        // Seven days on, the admin's earlier session has passed its 12 hours: sign in again.
        assertThat(fixtures.signedIn(port, admin).get("/school/users/" + id).body()).contains("Invitation expired");
        assertThat(events.list(school, id, null, null, 50)).extracting(SecurityEvent::type)
                .doesNotContain(SecurityEventType.INVITATION_ACCEPTED);
    }

    @Test
    void aNewInvitationReplacesTheEarlierLink() throws Exception {
        String email = "again." + UUID.randomUUID() + "@example.com";
        UUID id = invite(adminBrowser, "Again Invitee", email, Role.TEACHER);
        String first = invitationLinks(mail, email, 1).get(0);

        var resent = adminBrowser.postForm("/school/users/" + id, "/school/users/" + id + "/invitation", Map.of());
        String second = invitationLinks(mail, email, 2).get(1);

        assertThat(resent.statusCode()).isEqualTo(302);
        assertThat(second).isNotEqualTo(first);
        assertThat(new Browser(port).get(path(first)).statusCode()).isEqualTo(410);
        Browser invitee = new Browser(port);
        assertThat(invitee.get(path(second)).statusCode()).isEqualTo(200);
        assertThat(invitee.postForm(path(second), path(second),
                Map.of("password", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD)).statusCode()).isEqualTo(302);
        assertThat(events.list(school, id, null, null, 50)).filteredOn(e -> e.type() == SecurityEventType.INVITATION_SENT)
                .hasSize(2);

        var afterAcceptance = call(adminBrowser, "POST", "/api/v1/users/" + id + "/invitation", null);
        assertThat(afterAcceptance.statusCode()).isEqualTo(409);
        assertThat(json(afterAcceptance).get("code").asString()).isEqualTo("invitation-not-pending");
    }

    @Test
    void anUnknownTokenGetsTheSamePageAsASpentOne() {
        var unknown = new Browser(port).get("/invitations/" + "A".repeat(43));

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("This link is no longer valid");
    }

    @Test
    void anAddressAlreadyInUseInThisSchoolCannotBeInvitedAndInvalidInputIsRefused() {
        CustodianUser colleague = fixtures.user(school, Role.TEACHER);

        var taken = adminBrowser.postForm("/school/users/invite", "/school/users/invite",
                Map.of("name", "Someone", "email", colleague.getUsername(), "role", "TEACHER"));
        var apiTaken = call(adminBrowser, "POST", "/api/v1/users",
                "{\"name\":\"Someone\",\"email\":\"" + colleague.getUsername().toUpperCase() + "\",\"role\":\"TEACHER\"}");
        var platformRole = call(adminBrowser, "POST", "/api/v1/users",
                "{\"name\":\"Someone\",\"email\":\"x." + UUID.randomUUID() + "@example.com\",\"role\":\"PLATFORM_ADMIN\"}");
        var badEmail = call(adminBrowser, "POST", "/api/v1/users",
                "{\"name\":\"Someone\",\"email\":\"not-an-email\",\"role\":\"TEACHER\"}");

        var allWrong = adminBrowser.postForm("/school/users/invite", "/school/users/invite",
                Map.of("name", " ", "email", "not-an-email", "role", "SUPPORT"));
        assertThat(allWrong.statusCode()).isEqualTo(400);
        assertThat(allWrong.body()).as("every field's error at once").contains("full name, at most 200 characters",
                "Enter an email address in the correct format", "Choose a role.");
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("That email address is already used by an account.");
        assertThat(json(apiTaken).get("code").asString()).isEqualTo("username-taken");
        assertThat(platformRole.statusCode()).isEqualTo(400);
        assertThat(json(platformRole).get("code").asString()).isEqualTo("invalid-role");
        assertThat(json(badEmail).get("code").asString()).isEqualTo("invalid-email");
        assertThat(json(call(adminBrowser, "GET", "/api/v1/users", null)).valueStream()
                .map(user -> user.get("email").asString())).containsExactlyInAnyOrder(admin.getUsername(),
                        colleague.getUsername());
    }

    @Test
    void anAddressHeldInAnotherSchoolIsAnsweredLikeANewOneAndItsHolderIsTold() throws Exception {
        CustodianUser elsewhere = fixtures.user(fixtures.school().id(), Role.TEACHER);
        CustodianUser elsewhereToo = fixtures.user(fixtures.school().id(), Role.TEACHER);
        String fresh = "fresh." + UUID.randomUUID() + "@example.com";
        String freshToo = "fresh." + UUID.randomUUID() + "@example.com";

        var heldPage = adminBrowser.postForm("/school/users/invite", "/school/users/invite",
                Map.of("name", "Someone Else", "email", elsewhere.getUsername(), "role", "TEACHER"));
        var newPage = adminBrowser.postForm("/school/users/invite", "/school/users/invite",
                Map.of("name", "Someone New", "email", fresh, "role", "TEACHER"));
        var heldApi = call(adminBrowser, "POST", "/api/v1/users",
                "{\"name\":\"Someone Else\",\"email\":\"" + elsewhereToo.getUsername() + "\",\"role\":\"TEACHER\"}");
        var newApi = call(adminBrowser, "POST", "/api/v1/users",
                "{\"name\":\"Someone New\",\"email\":\"" + freshToo + "\",\"role\":\"TEACHER\"}");

        assertThat(heldPage.statusCode()).isEqualTo(newPage.statusCode()).isEqualTo(302);
        String heldUser = heldPage.headers().firstValue("Location").orElseThrow();
        String newUser = newPage.headers().firstValue("Location").orElseThrow();
        assertThat(heldUser.replaceAll("[0-9a-f-]{36}$", "")).isEqualTo(newUser.replaceAll("[0-9a-f-]{36}$", ""));
        assertThat(adminBrowser.get(heldUser.substring(heldUser.indexOf("/school"))).body())
                .contains("Invited", "Not set up");
        assertThat(heldApi.statusCode()).isEqualTo(newApi.statusCode()).isEqualTo(201);
        assertThat(json(heldApi).get("status").asString()).isEqualTo(json(newApi).get("status").asString());
        assertThat(json(heldApi).propertyNames()).isEqualTo(json(newApi).propertyNames());
        assertThat(invitationLinks(mail, fresh, 1)).hasSize(1);

        // No link goes out for an address held elsewhere; its holder hears that someone tried.
        String tried = "Someone tried to invite you to Custodian";
        assertThat(awaitSubjectsTo(elsewhere.getUsername())).containsExactly(tried);
        assertThat(awaitSubjectsTo(elsewhereToo.getUsername())).containsExactly(tried);
        // The holder's account is untouched and still the one that signs in.
        assertThat(new Browser(port).signIn(elsewhere.getUsername(), Fixtures.PASSWORD).headers()
                .firstValue("Location").orElseThrow()).doesNotContain("error");
    }

    /** The subjects of the emails to {@code address}, once at least one has arrived. */
    private java.util.List<String> awaitSubjectsTo(String address) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            java.util.List<String> subjects = new java.util.ArrayList<>();
            for (var message : mail.getReceivedMessages()) {
                if (message.getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
                    subjects.add(message.getSubject());
                }
            }
            if (!subjects.isEmpty()) {
                return subjects;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No email arrived");
    }

    @Test
    void theApiInvitesToo() throws Exception {
        String email = "api." + UUID.randomUUID() + "@example.com";

        var created = call(adminBrowser, "POST", "/api/v1/users",
                "{\"name\":\"Api Invitee\",\"email\":\"" + email + "\",\"role\":\"EXAM_SUPERVISOR\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location").orElseThrow()).contains("/api/v1/users/");
        assertThat(json(created).get("status").asString()).isEqualTo("INVITED");
        assertThat(json(created).get("role").asString()).isEqualTo("EXAM_SUPERVISOR");
        assertThat(invitationLinks(mail, email, 1)).hasSize(1);
    }

    private java.util.List<String> storedTokenHashes(UUID userId) {
        return tenancy.asPlatform(() -> jdbc.sql("select token_hash from user_invitation where user_id = ?")
                .param(userId).query(String.class).list());
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.US_ASCII)));
    }
}
