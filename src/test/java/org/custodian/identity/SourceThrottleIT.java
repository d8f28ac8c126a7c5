package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** Password spraying: many accounts guessed from one address gets that address refused for a while. */
@CustodianTest
// The test talks to the server directly; trusting it as a proxy lets it play several clients (ClientAddressIT shares these settings).
@TestPropertySource(properties = {"custodian.sign-in.max-failures-per-source=5",
        "custodian.web.trusted-proxies=127.0.0.1/32, ::1/128"})
class SourceThrottleIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;

    @Test
    void anAddressThatGuessesAcrossAccountsIsRefusedUntilTheBlockEnds() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        for (int i = 0; i < 5; i++) {
            new Browser(port).signIn("sprayed" + i + "@example.com", "Summer2026!");
        }

        var blocked = new Browser(port).signIn(teacher.getUsername(), Fixtures.PASSWORD);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        var afterwards = new Browser(port).signIn(teacher.getUsername(), Fixtures.PASSWORD);

        assertThat(blocked.headers().firstValue("Location")).as("even the right password, from that address")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login?error"));
        assertThat(afterwards.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));
    }

    @Test
    void behindATrustedProxyEachClientIsCountedNotTheProxy() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        for (int i = 0; i < 5; i++) {
            new Browser(port, "X-Forwarded-For", "198.51.100.66").signIn("sprayed" + i + "@example.com", "Summer2026!");
        }

        var sprayer = new Browser(port, "X-Forwarded-For", "198.51.100.66").signIn(teacher.getUsername(), Fixtures.PASSWORD);
        var colleague = new Browser(port, "X-Forwarded-For", "198.51.100.67").signIn(teacher.getUsername(), Fixtures.PASSWORD);
        var spoofing = new Browser(port, "X-Forwarded-For", "198.51.100.67, 198.51.100.66")
                .signIn(teacher.getUsername(), Fixtures.PASSWORD);

        assertThat(sprayer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(colleague.headers().firstValue("Location")).as("another client behind the same proxy")
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        assertThat(spoofing.headers().firstValue("Location")).as("a client cannot prepend another address")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    }
}
