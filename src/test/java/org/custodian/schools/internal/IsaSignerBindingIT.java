package org.custodian.schools.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import org.custodian.crypto.FieldCipher;
import org.custodian.identity.CustodianUser;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.IsaAcceptance;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A signer's name is bound to its acceptance: copied to another receipt of the same signer by
 * someone with the table owner's access, it is refused (the receipt says so, never a 500) while the
 * original still reads. Names encrypted before the binding are re-bound once at start-up.
 */
@CustodianTest
class IsaSignerBindingIT {

    @Autowired InformationSharingAgreements agreements;
    @Autowired IsaSignerBinding binding;
    @Autowired Fixtures fixtures;
    @Autowired Tenancy tenancy;
    @Autowired FieldCipher cipher;
    @Autowired DatabaseOwner databaseOwner;
    @LocalServerPort int port;

    UUID school;
    CustodianUser admin;

    @BeforeEach
    void aSchoolWithItsAdmin() {
        school = fixtures.school().id();
        admin = fixtures.schoolAdmin(school);
    }

    @Test
    void aNameCopiedToAnotherAcceptanceOfTheSameSignerIsRefusedWhileTheOriginalStillReads() {
        IsaAcceptance first = accept("Philippa Orrery");
        IsaAcceptance second = accept("Philippa M. Orrery");
        asOwner("update isa_acceptance set signer_name_ciphertext = (select signer_name_ciphertext from isa_acceptance"
                + " where id = ?) where id = ?", first.id(), second.id());

        assertThat(agreements.acceptance(school, first.id(), admin).signerName().value()).isEqualTo("Philippa Orrery");
        assertThat(agreements.acceptance(school, second.id(), admin).signerName().value())
                .isEqualTo(JdbcInformationSharingAgreements.UNREADABLE_SIGNER);

        Browser browser = fixtures.signedIn(port, admin);
        var receipt = browser.get("/api/v1/schools/" + school + "/isa-acceptances/" + second.id() + "/receipt");
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(receipt.body()).contains(JdbcInformationSharingAgreements.UNREADABLE_SIGNER)
                .doesNotContain("Philippa");
        var page = browser.get("/school/agreement/receipts/" + second.id());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name failed its integrity check").doesNotContain("Philippa");
    }

    @Test
    void aNameEncryptedBeforeNamesWereBoundIsReboundOnceAtStartUp() {
        IsaAcceptance acceptance = accept("Placeholder");
        byte[] unbound = tenancy.inSchool(school, () -> cipher.encryptString(school, admin.id(),
                JdbcInformationSharingAgreements.SIGNER_NAME, "Bartholomew Quince"));
        asOwner("update isa_acceptance set signer_name_ciphertext = ?, signer_name_bound = false where id = ?",
                unbound, acceptance.id());
        assertThat(agreements.acceptance(school, acceptance.id(), admin).signerName().value())
                .as("not bound yet").isEqualTo(JdbcInformationSharingAgreements.UNREADABLE_SIGNER);

        assertThat(binding.bind()).isEqualTo(1);

        assertThat(agreements.acceptance(school, acceptance.id(), admin).signerName().value())
                .isEqualTo("Bartholomew Quince");
        assertThat(binding.bind()).as("idempotent").isZero();
    }

    private IsaAcceptance accept(String signer) {
        String hash = agreements.current().orElseThrow().contentHash();
        return agreements.accept(school, hash, signer, "Headteacher", "127.0.0.1", admin);
    }

    /** As the table owner, in this school (the owner passes the forced policies by naming it). */
    private void asOwner(String sql, Object... values) {
        try (Connection connection = databaseOwner.connect()) {
            try (PreparedStatement scope = connection.prepareStatement("select set_config('custodian.school_id', ?, false)")) {
                scope.setString(1, school.toString());
                scope.execute();
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    statement.setObject(i + 1, values[i]);
                }
                assertThat(statement.executeUpdate()).isPositive();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
