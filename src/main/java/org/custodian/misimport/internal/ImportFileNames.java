package org.custodian.misimport.internal;

import java.util.UUID;

import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.springframework.stereotype.Component;

/**
 * The names of imported files, which can carry personal data: sealed under the uploader's staff
 * data key and bound to their job, so a name copied onto another job does not open.
 */
@Component
class ImportFileNames {

    static final String FIELD = "import.file-name";
    static final int MAX_LENGTH = 255;

    private final FieldCipher cipher;
    private final SubjectKeys keys;

    ImportFileNames(FieldCipher cipher, SubjectKeys keys) {
        this.cipher = cipher;
        this.keys = keys;
    }

    /** The field name the file name of job {@code jobId} is encrypted under. */
    static String field(UUID jobId) {
        return FieldCipher.recordField(FIELD, jobId);
    }

    /**
     * The name as people know it: the last part of a path some browsers send, without control
     * characters, at most {@link #MAX_LENGTH} characters; null when nothing is left.
     */
    static String clean(String original) {
        if (original == null) {
            return null;
        }
        String name = original.substring(Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1);
        name = name.replaceAll("\\p{Cntrl}", "").strip();
        if (name.length() > MAX_LENGTH) {
            name = name.substring(0, MAX_LENGTH);
        }
        return name.isEmpty() ? null : name;
    }

    /** The ciphertext of the cleaned name, or null when there is no name. Call inside the school's transaction. */
    byte[] seal(UUID school, UUID uploader, UUID jobId, String original) {
        String name = clean(original);
        if (name == null) {
            return null;
        }
        keys.create(school, uploader, SubjectKind.STAFF);
        return cipher.encryptString(school, uploader, field(jobId), name);
    }

    /** The name, or null when none was stored or it can no longer be read (the uploader's key was erased). */
    String open(UUID school, UUID uploader, UUID jobId, byte[] ciphertext) {
        if (ciphertext == null) {
            return null;
        }
        try {
            return cipher.decryptString(school, uploader, field(jobId), ciphertext);
        } catch (SubjectErasedException | CiphertextRejectedException e) {
            return null;
        }
    }
}
