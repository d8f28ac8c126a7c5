package org.custodian.schools.internal;

import java.util.List;
import java.util.UUID;

import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.tenancy.Tenancy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signer names encrypted before names were bound to their acceptance are re-encrypted bound to it, at
 * start-up, before the web server accepts a request, in one transaction; bound names are left alone
 * (idempotent). Acceptances are append-only: the one change allowed is {@code custodian_bind_isa_signer}.
 * An erased signer's name goes (as when it was sealed); one that fails its check is left, logged by
 * acceptance id, and reads as unreadable.
 */
@Component
class IsaSignerBinding implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(IsaSignerBinding.class);

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final FieldCipher cipher;

    IsaSignerBinding(JdbcClient jdbc, Tenancy tenancy, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.cipher = cipher;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int bound = bind();
        if (bound > 0) {
            log.info("Bound {} agreement signer name(s) to their acceptance", bound);
        }
    }

    private record UnboundSigner(UUID schoolId, UUID id, UUID signerId, byte[] name) {
        @Override
        public String toString() {
            return "UnboundSigner[id=" + id + "]";
        }
    }

    /** Returns how many names it bound (or dropped, for erased signers). */
    int bind() {
        return tenancy.asPlatform(() -> {
            List<UnboundSigner> signers = jdbc.sql("""
                            select school_id, id, accepted_by, signer_name_ciphertext from isa_acceptance
                             where not signer_name_bound and signer_name_ciphertext is not null
                             order by school_id, id""")
                    .query((row, n) -> new UnboundSigner(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                            row.getObject(3, UUID.class), row.getBytes(4)))
                    .list();
            int bound = 0;
            for (UnboundSigner signer : signers) {
                bound += tenancy.inSchool(signer.schoolId(), () -> bind(signer));
            }
            return bound;
        });
    }

    private int bind(UnboundSigner signer) {
        byte[] rebound;
        try {
            byte[] name = cipher.decrypt(signer.schoolId(), signer.signerId(),
                    JdbcInformationSharingAgreements.SIGNER_NAME, signer.name());
            rebound = cipher.encrypt(signer.schoolId(), signer.signerId(),
                    JdbcInformationSharingAgreements.signerField(signer.id()), name);
        } catch (SubjectErasedException erased) {
            rebound = null; // the signer was erased: their name goes too
        } catch (CiphertextRejectedException e) {
            log.warn("The signer's name of agreement acceptance {} of school {} failed its integrity check and stays "
                    + "unreadable", signer.id(), signer.schoolId());
            return 0;
        }
        return jdbc.sql("select custodian_bind_isa_signer(?, ?, ?, ?)")
                .params(signer.schoolId(), signer.id(), signer.name(), rebound).query(Integer.class).single();
    }
}
