package org.custodian.schools.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.Schools;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Schools and agreement receipts stored in the clear before V10 are sealed at start-up. */
@CustodianTest
class PlaintextSchoolSealingIT {

    @Autowired PlaintextSchoolSealing sealing;
    @Autowired Schools schools;
    @Autowired InformationSharingAgreements agreements;
    @Autowired Fixtures fixtures;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    @Test
    void plaintextContactsAndSignersAreEncryptedOnce() {
        UUID school = fixtures.school().id();
        CustodianUser admin = fixtures.schoolAdmin(school);
        String n = UUID.randomUUID().toString().substring(0, 8);
        // As an existing deployment stored them before V10.
        tenancy.asPlatform(() -> jdbc.sql("""
                        update school set contact_name = ?, contact_email = ?, contact_name_ciphertext = null,
                                          contact_email_ciphertext = null where id = ?""")
                .params("Horatia Blenkinsop", "horatia." + n + "@example.com", school).update());
        UUID acceptance = UUID.randomUUID();
        tenancy.inSchool(school, () -> jdbc.sql("""
                        insert into isa_acceptance (school_id, id, isa_version_id, content_hash, accepted_by, signer_name,
                                                    signer_role, accepted_at, source_ip)
                        select ?, ?, id, content_hash, ?, 'Ambrose Fairweather', 'Head', now(), '127.0.0.1'
                          from isa_version order by version desc limit 1""")
                .params(school, acceptance, admin.id()).update());

        assertThat(sealing.seal()).isGreaterThanOrEqualTo(2);

        assertThat(tenancy.asPlatform(() -> jdbc.sql("""
                        select count(*) from school where id = ? and contact_name is null and contact_email is null
                           and contact_name_ciphertext is not null and contact_email_ciphertext is not null""")
                .param(school).query(Long.class).single())).isEqualTo(1);
        assertThat(tenancy.inSchool(school, () -> jdbc.sql("""
                        select count(*) from isa_acceptance where id = ? and signer_name is null
                           and signer_name_ciphertext is not null""")
                .param(acceptance).query(Long.class).single())).isEqualTo(1);
        var loaded = schools.get(school, admin);
        assertThat(loaded.contactName().value()).isEqualTo("Horatia Blenkinsop");
        assertThat(loaded.contactEmail().value()).isEqualTo("horatia." + n + "@example.com");
        assertThat(agreements.acceptance(school, acceptance, admin).signerName().value())
                .isEqualTo("Ambrose Fairweather");
        assertThat(sealing.seal()).isZero();

        // Still append-only: the application may not rewrite a sealed signer, even through the seal function.
        assertThat(tenancy.inSchool(school, () -> jdbc.sql("select custodian_seal_isa_signer(?, ?, ?)")
                .params(school, acceptance, new byte[] {1, 2, 3}).query(Integer.class).single())).isZero();
        assertThatThrownBy(() -> tenancy.inSchool(school, () -> jdbc.sql(
                        "update isa_acceptance set signer_name_ciphertext = null where id = ?")
                .param(acceptance).update()))
                .rootCause().hasMessageContaining("permission denied");
    }
}
