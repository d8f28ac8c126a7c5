package org.custodian.crypto;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Encrypts personal fields with their subject's data key (AES-256-GCM). The associated data binds
 * school, subject and field name, so a ciphertext copied to another row, subject, field or school
 * fails with {@link CiphertextRejectedException}. Once the subject's key is destroyed every
 * ciphertext of theirs fails with {@link SubjectErasedException}.
 */
public interface FieldCipher {

    /** Needs the subject's key ({@link SubjectKeys#create}); refuses an erased subject. */
    byte[] encrypt(UUID schoolId, UUID subjectId, String field, byte[] plaintext);

    byte[] decrypt(UUID schoolId, UUID subjectId, String field, byte[] ciphertext);

    default byte[] encryptString(UUID schoolId, UUID subjectId, String field, String plaintext) {
        return encrypt(schoolId, subjectId, field, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    default String decryptString(UUID schoolId, UUID subjectId, String field, byte[] ciphertext) {
        return new String(decrypt(schoolId, subjectId, field, ciphertext), StandardCharsets.UTF_8);
    }
}
