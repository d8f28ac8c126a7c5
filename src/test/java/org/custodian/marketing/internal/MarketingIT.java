package org.custodian.marketing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.mail.Mailer;
import org.custodian.privacy.EmailAddress;
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

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Product news goes only to staff who opted in (who, when and the wording recorded), every email
 * carries a one-click unsubscribe link, and an unsubscribed address is never mailed again.
 */
@CustodianTest
class MarketingIT {

    private static final Pattern LINK = Pattern.compile("https?://\\S+/unsubscribe/([A-Za-z0-9_-]+)");

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JsonMapper json;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;
    @Autowired GreenMail mail;
    @Autowired Mailer mailer;
    @Autowired Marketing marketing;
    @Autowired UnsubscribeTokens tokens;

    School school;
    CustodianUser teacherUser;
    Browser teacher;
    Browser operator;

    @BeforeEach
    void school() {
        school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        teacherUser = fixtures.user(school.id(), Role.TEACHER);
        teacher = fixtures.signedIn(port, teacherUser);
        operator = fixtures.signedIn(port, fixtures.platformAdmin());
    }

    @Test
    void newsReachesOnlyThoseWhoOptedInAndNeverAnAddressThatUnsubscribed() throws Exception {
        CustodianUser silentUser = fixtures.user(school.id(), Role.TEACHER);
        var opted = teacher.api("PUT", "/api/v1/account/marketing", null);
        assertThat(opted.statusCode()).as(opted.body()).isEqualTo(200);
        JsonNode status = json.readTree(opted.body());
        assertThat(status.get("optedIn").asBoolean()).isTrue();
        assertThat(status.get("wording").asString()).isEqualTo(marketing.wording());
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql("""
                        select count(*) from marketing_opt_in where school_id = ? and user_id = ? and wording = ?
                           and opted_in_at is not null and withdrawn_at is null""")
                .params(school.id(), teacherUser.id(), marketing.wording()).query(Long.class).single())).isEqualTo(1);
        assertThat(teacher.get("/account/news").body()).contains("You agreed on", "Stop sending me news");

        String first = "News " + UUID.randomUUID();
        send(first);
        List<MimeMessage> received = mailsTo(teacherUser.getUsername(), first);
        assertThat(received).hasSize(1);
        assertThat(mailsTo(silentUser.getUsername(), first)).isEmpty();
        String body = GreenMailUtil.getBody(received.get(0)).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = LINK.matcher(body);
        assertThat(link.find()).as(body).isTrue();
        assertThat(body).doesNotContain(teacherUser.getUsername());

        // One click, no sign-in.
        var unsubscribed = new Browser(port).get("/unsubscribe/" + link.group(1));
        assertThat(unsubscribed.statusCode()).isEqualTo(200);
        assertThat(unsubscribed.body()).contains("You are unsubscribed");

        String second = "News " + UUID.randomUUID();
        send(second);
        assertThat(mailsTo(teacherUser.getUsername(), second)).isEmpty();
        assertThat(mailer.sendMarketing(new EmailAddress(teacherUser.getUsername().toUpperCase()), second, "body",
                "https://example.org/unsubscribe/x")).as("the address, however it is written").isFalse();
        var again = teacher.api("PUT", "/api/v1/account/marketing", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json.readTree(again.body()).get("code").asString()).isEqualTo("address-unsubscribed");
        send(second);
        assertThat(mailsTo(teacherUser.getUsername(), second)).isEmpty();
        assertThat(teacher.get("/account/news").body()).contains("Your address unsubscribed on");
    }

    @Test
    void aForgedOrTamperedTokenIsRefusedAndChangesNothing() {
        String valid = tokens.tokenFor(new EmailAddress("someone-" + UUID.randomUUID() + "@example.org"));
        char last = valid.charAt(10);
        String tampered = valid.substring(0, 10) + (last == 'A' ? 'B' : 'A') + valid.substring(11);
        byte[] raw = java.util.Base64.getUrlDecoder().decode(valid);
        raw[raw.length - 1] ^= 1;
        String badTag = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long before = suppressions();

        for (String token : List.of(tampered, badTag, "not-a-token", valid.substring(0, 40), valid + "AA")) {
            var refused = new Browser(port).api("GET", "/unsubscribe/" + token, null);
            assertThat(refused.statusCode()).as(token).isEqualTo(400);
            assertThat(refused.body()).contains("invalid-unsubscribe-token");
        }
        assertThat(suppressions()).isEqualTo(before);
    }

    @Test
    void theLinkWorksForAnAddressWhoseAccountIsGone() {
        EmailAddress gone = new EmailAddress("left-" + UUID.randomUUID() + "@example.org");
        long before = suppressions();
        // Followed from a webmail page: a cross-site navigation, which public paths accept.
        var response = new Browser(port, "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate",
                "Sec-Fetch-Dest", "document").get("/unsubscribe/" + tokens.tokenFor(gone));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(suppressions()).isEqualTo(before + 1);
        assertThat(mailer.sendMarketing(gone, "News", "body", "https://example.org/unsubscribe/x")).isFalse();
        assertThat(new Browser(port).get("/unsubscribe/" + tokens.tokenFor(gone)).statusCode()).isEqualTo(200);
        assertThat(suppressions()).as("once on the list").isEqualTo(before + 1);
    }

    @Test
    void anOptInLapsesAfterThreeYearsWithoutInteraction() {
        assertThat(teacher.api("PUT", "/api/v1/account/marketing", null).statusCode()).isEqualTo(200);
        Instant optedIn = tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select last_interaction_at from marketing_opt_in where school_id = ? and user_id = ?")
                .params(school.id(), teacherUser.id()).query(java.sql.Timestamp.class).single()).toInstant();
        Instant threeYears = optedIn.atZone(ZoneId.of("Europe/London")).plusYears(3).toInstant();

        marketing.lapse(threeYears);
        assertThat(optIns()).as("on the day itself").isEqualTo(1);
        marketing.lapse(threeYears.plusSeconds(1));
        assertThat(optIns()).isZero();
        assertThat(json.readTree(teacher.api("GET", "/api/v1/account/marketing", null).body())
                .get("optedIn").asBoolean()).isFalse();
    }

    @Test
    void onlyAPlatformAdminSendsNewsAndOnlyWellFormedNews() {
        assertThat(teacher.api("POST", "/api/v1/platform/marketing-mail", "{\"subject\": \"s\", \"body\": \"b\"}")
                .statusCode()).isEqualTo(403);
        var bad = operator.api("POST", "/api/v1/platform/marketing-mail", "{\"subject\": \"two\\nlines\", \"body\": \"b\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("invalid-marketing-mail");
    }

    private void send(String subject) {
        var sent = operator.api("POST", "/api/v1/platform/marketing-mail",
                "{\"subject\": \"%s\", \"body\": \"What is new in Custodian.\"}".formatted(subject));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
    }

    private long suppressions() {
        return jdbc.sql("select count(*) from marketing_suppression").query(Long.class).single();
    }

    private long optIns() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select count(*) from marketing_opt_in where school_id = ? and user_id = ?")
                .params(school.id(), teacherUser.id()).query(Long.class).single());
    }

    private List<MimeMessage> mailsTo(String address, String subject) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            for (var recipient : message.getRecipients(Message.RecipientType.TO)) {
                if (recipient.toString().equalsIgnoreCase(address) && subject.equals(message.getSubject())) {
                    found.add(message);
                }
            }
        }
        return found;
    }
}
