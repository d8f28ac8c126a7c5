package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;

import org.custodian.identity.Role;
import org.custodian.identity.UserAccounts;
import org.custodian.privacy.PersonName;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** "Forgot your password?" requests are limited per source and per address asked for, known or not. */
@CustodianTest
class ForgotPasswordLimitsIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired UserAccounts accounts;
    @Autowired AccountFields fields;
    @Autowired GreenMail mail;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;

    @Test
    void requestsForAnAddressCountEvenBeforeItHasAnAccount() throws Exception {
        clock.advance(Duration.ofHours(2));
        UUID school = fixtures.school().id();
        String address = "later." + UUID.randomUUID() + "@example.com";
        for (int i = 0; i < 5; i++) {
            assertThat(requestReset(address).headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/forgot-password/sent"));
        }
        UUID later = accounts.create(school, address, new PersonName("Later Account"), Role.TEACHER).id();
        String control = "control." + UUID.randomUUID() + "@example.com";
        accounts.create(school, control, new PersonName("Control Account"), Role.TEACHER);

        var sixth = requestReset(address.toUpperCase());
        requestReset(control);

        assertThat(sixth.headers().firstValue("Location")).as("the same answer")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/forgot-password/sent"));
        awaitResetEmailTo(control); // one sender works through the queue in order: the sixth came first
        assertThat(resetEmailsTo(address)).isZero();
        assertThat(tenancy.asPlatform(() -> jdbc.sql("select count(*) from password_reset where user_id = ?")
                .param(later).query(Long.class).single())).isZero();
    }

    @Test
    void eachSourceAndEachAddressHasItsLimitWithinTheWindow() {
        clock.advance(Duration.ofHours(2));
        var properties = new PasswordResetProperties(Duration.ofHours(1), 3, Duration.ofHours(1), 2, 3, 10, 1);
        var limits = new ResetRequestLimits(jdbc, fields, properties, clock);
        String source = "203.0.113." + (int) (Math.random() * 250);
        String otherSource = "2001:db8::" + Integer.toHexString((int) (Math.random() * 65_000));
        String address = "probed." + UUID.randomUUID() + "@example.com";

        assertThat(limits.allow(source, "a." + UUID.randomUUID() + "@example.com")).isTrue();
        assertThat(limits.allow(source, "b." + UUID.randomUUID() + "@example.com")).isTrue();
        assertThat(limits.allow(source, "c." + UUID.randomUUID() + "@example.com"))
                .as("third from one source").isFalse();

        assertThat(limits.allow(otherSource + "1", address)).isTrue();
        assertThat(limits.allow(otherSource + "2", address.toUpperCase())).isTrue();
        assertThat(limits.allow(otherSource + "3", " " + address + " ")).isTrue();
        assertThat(limits.allow(otherSource + "4", address)).as("fourth for one address, however written").isFalse();

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(limits.allow(source, address)).as("a new window").isTrue();
    }

    private java.net.http.HttpResponse<String> requestReset(String address) {
        return new Browser(port).postForm("/forgot-password", "/forgot-password", Map.of("email", address));
    }

    private void awaitResetEmailTo(String address) throws Exception {
        for (int attempt = 0; attempt < 200 && resetEmailsTo(address) == 0; attempt++) {
            Thread.sleep(50);
        }
        assertThat(resetEmailsTo(address)).isEqualTo(1);
    }

    private long resetEmailsTo(String address) throws Exception {
        long count = 0;
        for (MimeMessage message : mail.getReceivedMessages()) {
            for (var recipient : message.getRecipients(Message.RecipientType.TO)) {
                if (recipient.toString().equalsIgnoreCase(address)
                        && "Reset your Custodian password".equals(message.getSubject())) {
                    count++;
                }
            }
        }
        return count;
    }
}
