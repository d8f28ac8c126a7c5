package org.custodian.review.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TermDates;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Accounts nobody has signed in to for 90 days are flagged in the review and can be disabled together. */
@CustodianTest
class DormantUsersIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;
    @Autowired SecurityEvents events;
    @Autowired TermlyReviews reviews;

    @Test
    void accountsUnusedForNinetyDaysAreFlaggedAndOnlyTheyAreDisabledInBulk() {
        School school = fixtures.school();
        new TermDates(jdbc, tenancy, clock).termStartingInTwoDays(school.id());
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        CustodianUser signedInOnce = fixtures.user(school.id(), Role.TEACHER);
        CustodianUser neverSignedIn = fixtures.user(school.id(), Role.EXAM_SUPERVISOR);
        CustodianUser signsInLater = fixtures.user(school.id(), Role.DATA_MANAGER);
        CustodianUser onLeave = fixtures.user(school.id(), Role.TEACHER);
        fixtures.signedIn(port, signedInOnce);
        fixtures.signedIn(port, signsInLater);

        clock.advance(Duration.ofDays(2));
        UUID reviewId = reviews.current(school.id()).orElseThrow();
        String page = "/school/reviews/" + reviewId;
        Browser browser = fixtures.signedIn(port, admin);
        // The admin knows this person is on long leave and keeps the account.
        browser.postForm(page, page, Map.of("decision-" + onLeave.id(), "CONFIRMED"));

        clock.advance(Duration.ofDays(58)); // day 60: nobody is dormant yet
        fixtures.signedIn(port, signsInLater);
        assertThat(browser.get(page).body()).doesNotContain("Dormant").doesNotContain("dormant-warning");

        clock.advance(Duration.ofDays(31)); // day 91
        browser = fixtures.signedIn(port, admin);
        String review = browser.get(page).body();
        assertThat(review).contains("dormant-warning").contains("2 accounts are dormant");
        assertThat(dormantFlagged(review, signedInOnce)).isTrue();
        assertThat(dormantFlagged(review, neverSignedIn)).isTrue();
        assertThat(dormantFlagged(review, onLeave)).as("dormant, flagged, but already confirmed").isTrue();
        assertThat(dormantFlagged(review, signsInLater)).isFalse();
        assertThat(dormantFlagged(review, admin)).isFalse();

        String confirmation = browser.get(page + "/dormant").body();
        assertThat(confirmation).contains("Disable 2 accounts")
                .contains("value=\"" + signedInOnce.id() + "\"").contains("value=\"" + neverSignedIn.id() + "\"")
                .doesNotContain(onLeave.id().toString()).doesNotContain(signsInLater.id().toString());

        var response = browser.postForm(page + "/dormant", page + "/dormant", Map.of());
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(browser.get(page).body()).contains("No account has been disabled");
        assertThat(enabled(signedInOnce)).isTrue();

        // One POST with the list the admin was shown (a form field may repeat: send it as the page does).
        var bulk = browser.send(java.net.http.HttpRequest.newBuilder(browser.uri(page + "/dormant"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("_csrf="
                        + java.net.URLEncoder.encode(csrf(confirmation), java.nio.charset.StandardCharsets.UTF_8)
                        + "&userId=" + signedInOnce.id() + "&userId=" + neverSignedIn.id()
                        + "&userId=" + signsInLater.id())));

        assertThat(bulk.statusCode()).isEqualTo(302);
        assertThat(browser.get(page).body()).contains("2 dormant accounts have been disabled.");
        assertThat(enabled(signedInOnce)).isFalse();
        assertThat(enabled(neverSignedIn)).isFalse();
        assertThat(enabled(signsInLater)).as("not dormant, even if its id is sent").isTrue();
        assertThat(enabled(onLeave)).as("confirmed in the review").isTrue();
        assertThat(enabled(admin)).isTrue();
        for (CustodianUser disabled : List.of(signedInOnce, neverSignedIn)) {
            assertThat(events.list(school.id(), disabled.id(), null, null, 20))
                    .filteredOn(event -> event.type() == SecurityEventType.USER_DISABLED).singleElement()
                    .satisfies(event -> {
                        assertThat(event.detail()).isEqualTo("termly-review-dormant");
                        assertThat(event.actorId()).isEqualTo(admin.id());
                    });
        }
        Long recordedAsDormant = tenancy.inSchool(school.id(), () -> jdbc.sql("""
                        select count(*) from termly_review_decision
                         where school_id = ? and review_id = ? and decision = 'DISABLED' and dormant and decided_by = ?""")
                .params(school.id(), reviewId, admin.id()).query(Long.class).single());
        assertThat(recordedAsDormant).isEqualTo(2);
        assertThat(new Browser(port).signIn(neverSignedIn.getUsername(), Fixtures.PASSWORD).headers()
                .firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login?error"));
    }

    /** The account's row of the review table carries the Dormant tag. */
    private static boolean dormantFlagged(String page, CustodianUser user) {
        int row = page.indexOf("id=\"account-" + user.id() + "\"");
        assertThat(row).as("the account is listed").isPositive();
        String rowHtml = page.substring(row, page.indexOf("</tr>", row));
        return rowHtml.contains(">Dormant<");
    }

    private static String csrf(String html) {
        var matcher = java.util.regex.Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(html);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private boolean enabled(CustodianUser user) {
        return tenancy.asPlatform(() -> jdbc.sql("select enabled from user_account where id = ?")
                .param(user.id()).query(Boolean.class).single());
    }
}
