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
@TestPropertySource(properties = "custodian.sign-in.max-failures-per-source=5")
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
}
