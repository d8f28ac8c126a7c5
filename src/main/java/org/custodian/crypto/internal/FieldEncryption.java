package org.custodian.crypto.internal;

import java.security.GeneralSecurityException;
import java.util.UUID;

import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.FieldCipher;
import org.springframework.stereotype.Component;

/** Fields under their subject's data key, bound to school, subject and field by associated data. */
@Component
class FieldEncryption implements FieldCipher {

    private final SubjectDataKeys keys;

    FieldEncryption(SubjectDataKeys keys) {
        this.keys = keys;
    }

    @Override
    public byte[] encrypt(UUID schoolId, UUID subjectId, String field, byte[] plaintext) {
        try {
            return keys.aead(schoolId, subjectId).encrypt(plaintext, KeyBindings.field(schoolId, subjectId, field));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Field encryption failed", e);
        }
    }

    @Override
    public byte[] decrypt(UUID schoolId, UUID subjectId, String field, byte[] ciphertext) {
        try {
            return keys.aead(schoolId, subjectId).decrypt(ciphertext, KeyBindings.field(schoolId, subjectId, field));
        } catch (GeneralSecurityException e) {
            throw new CiphertextRejectedException(e);
        }
    }
}
