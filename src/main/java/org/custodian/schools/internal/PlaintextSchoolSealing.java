package org.custodian.schools.internal;

import java.util.List;
import java.util.UUID;

import org.custodian.crypto.PlatformCipher;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.tenancy.Tenancy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Schools and agreement acceptances stored before V10 hold the contact's and the signer's name in
 * the clear. At start-up, before the web server accepts a request, every such value is encrypted
 * and its plaintext set to null, in one transaction; sealed rows are left alone (idempotent).
 * Acceptances are append-only: the one change allowed is {@code custodian_seal_isa_signer}.
 */
@Component
class PlaintextSchoolSealing implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PlaintextSchoolSealing.class);

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final PlatformCipher cipher;
    private final JdbcInformationSharingAgreements agreements;

    PlaintextSchoolSealing(JdbcClient jdbc, Tenancy tenancy, PlatformCipher cipher,
                           JdbcInformationSharingAgreements agreements) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.cipher = cipher;
        this.agreements = agreements;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int sealed = seal();
        if (sealed > 0) {
            log.info("Encrypted {} school contact(s) and agreement signer name(s) stored in the clear", sealed);
        }
    }

    private record Contact(UUID id, String name, String email) {
        @Override
        public String toString() {
            return "Contact[id=" + id + "]";
        }
    }

    private record Signer(UUID schoolId, UUID id, UUID signerId, String name) {
        @Override
        public String toString() {
            return "Signer[id=" + id + "]";
        }
    }

    /** Returns how many rows it sealed. */
    int seal() {
        return tenancy.asPlatform(() -> {
            List<Contact> contacts = jdbc.sql("""
                            select id, contact_name, contact_email from school
                             where contact_name is not null or contact_email is not null order by id for update""")
                    .query((row, n) -> new Contact(row.getObject(1, UUID.class), row.getString(2), row.getString(3)))
                    .list();
            for (Contact contact : contacts) {
                jdbc.sql("""
                        update school set contact_name_ciphertext = coalesce(?, contact_name_ciphertext),
                                          contact_email_ciphertext = coalesce(?, contact_email_ciphertext),
                                          contact_name = null, contact_email = null
                         where id = ?""")
                        .params(encrypt(contact.id(), JdbcSchools.CONTACT_NAME, contact.name()),
                                encrypt(contact.id(), JdbcSchools.CONTACT_EMAIL, contact.email()), contact.id())
                        .update();
            }
            List<Signer> signers = jdbc.sql("""
                            select school_id, id, accepted_by, signer_name from isa_acceptance
                             where signer_name is not null order by school_id, id""")
                    .query((row, n) -> new Signer(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                            row.getObject(3, UUID.class), row.getString(4)))
                    .list();
            for (Signer signer : signers) {
                tenancy.inSchool(signer.schoolId(), () -> {
                    byte[] ciphertext;
                    try {
                        ciphertext = agreements.encryptSigner(signer.schoolId(), signer.signerId(), signer.id(), signer.name());
                    } catch (SubjectErasedException erased) {
                        ciphertext = null; // the signer was erased: their name goes too
                    }
                    jdbc.sql("select custodian_seal_isa_signer(?, ?, ?)")
                            .params(signer.schoolId(), signer.id(), ciphertext).query(Integer.class).single();
                });
            }
            return contacts.size() + signers.size();
        });
    }

    private byte[] encrypt(UUID schoolId, String field, String value) {
        return value == null ? null : cipher.encryptString(schoolId, field, value);
    }
}
