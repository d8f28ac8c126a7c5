package org.custodian.crypto;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Encrypts personal fields with their subject's data key (AES-256-GCM). The associated data binds
 * school, subject and field name, so a ciphertext copied to another row, subject, field or school
 * fails with {@link CiphertextRejectedException}. Once the subject's key is destroyed every
 * ciphertext of theirs fails with {@link SubjectErasedException}. A field of a record that is not
 * the subject's own (a reason, a note, a receipt) names that record too: {@link #recordField}.
 */
public interface FieldCipher {

    /**
     * The field name of {@code field} in one record, {@code field|recordKey}: the record's key (unique
     * within the school) becomes part of the associated data, so a ciphertext copied to another record
     * of the same subject is refused as well. The associated data puts the field name last, so the
     * separator cannot make two bindings collide.
     */
    static String recordField(String field, Object recordKey) {
        if (field == null || field.isEmpty() || field.indexOf('|') >= 0 || recordKey == null) {
            throw new IllegalArgumentException("A field name without '|' and a record key are required");
        }
        return field + "|" + recordKey;
    }

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
