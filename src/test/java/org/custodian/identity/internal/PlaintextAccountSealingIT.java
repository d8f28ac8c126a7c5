package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Accounts stored in the clear before V10 (an existing deployment) are sealed at start-up. */
@CustodianTest
class PlaintextAccountSealingIT {

    @Autowired PlaintextAccountSealing sealing;
    @Autowired JdbcUserAccounts accounts;
    @Autowired Fixtures fixtures;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    @Test
    void plaintextRowsAreEncryptedOnceAndStayFindableByUsername() {
        UUID school = fixtures.school().id();
        UUID staff = UUID.randomUUID();
        UUID platform = UUID.randomUUID();
        String n = UUID.randomUUID().toString().substring(0, 8);
        legacyRow(staff, school, "Legacy.Staff." + n + "@example.com", "Lavinia Oldroyd", "TEACHER");
        legacyRow(platform, null, "legacy.support." + n + "@example.com", "Godfrey Pennington", "SUPPORT");

        assertThat(sealing.seal()).isGreaterThanOrEqualTo(2);

        record Raw(String username, String name, byte[] index, byte[] usernameCt, byte[] nameCt) { }
        for (UUID id : new UUID[] {staff, platform}) {
            Raw raw = tenancy.asPlatform(() -> jdbc.sql("""
                            select username, display_name, username_index, username_ciphertext, display_name_ciphertext
                              from user_account where id = ?""")
                    .param(id).query((rs, i) -> new Raw(rs.getString(1), rs.getString(2), rs.getBytes(3),
                            rs.getBytes(4), rs.getBytes(5))).single());
            assertThat(raw.username()).isNull();
            assertThat(raw.name()).isNull();
            assertThat(raw.index()).hasSize(32);
            assertThat(raw.usernameCt()).isNotEmpty();
            assertThat(raw.nameCt()).isNotEmpty();
        }
        CustodianUser found = accounts.findByUsername("legacy.staff." + n + "@EXAMPLE.com").orElseThrow();
        assertThat(found.id()).isEqualTo(staff);
        assertThat(found.getUsername()).isEqualTo("Legacy.Staff." + n + "@example.com");
        assertThat(found.displayName()).isEqualTo("Lavinia Oldroyd");
        assertThat(accounts.findByUsername("legacy.support." + n + "@example.com").orElseThrow().displayName())
                .isEqualTo("Godfrey Pennington");

        // Idempotent: nothing is left in the clear, so a second start seals nothing.
        assertThat(sealing.seal()).isZero();
        assertThat(accounts.findById(staff).orElseThrow().displayName()).isEqualTo("Lavinia Oldroyd");
    }

    private void legacyRow(UUID id, UUID school, String username, String name, String role) {
        tenancy.asPlatform(() -> jdbc.sql("""
                        insert into user_account (id, school_id, username, display_name, password_hash, role, created_at)
                        values (?, ?, ?, ?, 'x', ?, now())""")
                .params(id, school, username, name, role)
                .update());
    }
}
