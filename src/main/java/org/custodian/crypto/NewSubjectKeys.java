package org.custodian.crypto;

import java.util.UUID;

/**
 * The data keys just made for a batch of new subjects ({@link SubjectKeys#createNew}): encrypts their
 * fields exactly as {@link FieldCipher} does (same associated data), without a cache lookup per field.
 */
public interface NewSubjectKeys {

    byte[] encryptString(UUID subjectId, String field, String plaintext);
}
