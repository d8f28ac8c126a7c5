package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashes made with weaker parameters than today's are replaced at their owner's next sign-in, so
 * raising the Argon2 settings later needs no password reset.
 */
@CustodianTest
class PasswordUpgradeIT {

    private static final String OWASP_ARGON2ID = "{argon2}$argon2id$v=19$m=19456,t=2,p=1$";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired PasswordEncoder passwordEncoder;

    @Test
    void aWeakerHashIsUpgradedAtSignIn() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        // 4 MiB and one iteration: what an older, weaker setting would have stored.
        String weak = "{argon2}" + new Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode(Fixtures.PASSWORD);
        tenancy.asPlatform(() -> jdbc.sql("update user_account set password_hash = ? where id = ?")
                .params(weak, teacher.id()).update());
        assertThat(storedHash(teacher.id())).startsWith("{argon2}$argon2id$v=19$m=4096,t=1,p=1$");

        // Not where it redirects (the sign-in flow grows a TOTP step): the password step is enough.
        new Browser(port).signIn(teacher.getUsername(), Fixtures.PASSWORD);

        String upgraded = storedHash(teacher.id());
        assertThat(upgraded).startsWith(OWASP_ARGON2ID).isNotEqualTo(weak).doesNotContain(Fixtures.PASSWORD);
        assertThat(passwordEncoder.matches(Fixtures.PASSWORD, upgraded)).isTrue();
    }

    @Test
    void aWrongPasswordUpgradesNothing() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        String weak = "{argon2}" + new Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode(Fixtures.PASSWORD);
        tenancy.asPlatform(() -> jdbc.sql("update user_account set password_hash = ? where id = ?")
                .params(weak, teacher.id()).update());

        new Browser(port).signIn(teacher.getUsername(), "Wrong-Passw0rd");

        assertThat(storedHash(teacher.id())).isEqualTo(weak);
    }

    private String storedHash(UUID userId) {
        return tenancy.asPlatform(() -> jdbc.sql("select password_hash from user_account where id = ?")
                .param(userId).query(String.class).single());
    }
}
