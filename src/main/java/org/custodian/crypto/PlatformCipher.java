package org.custodian.crypto;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Personal data that belongs to no school (platform staff, a school's registered contact): an
 * AES-256-GCM keyset and an HMAC-SHA256 PRF keyset of the platform itself, wrapped by the master key.
 * The associated data binds record id and field, so a ciphertext copied to another record or field
 * fails with {@link CiphertextRejectedException}. The blind index spans the whole platform (for
 * values that must be unique or found across schools, such as sign-in names).
 */
public interface PlatformCipher {

    byte[] encrypt(UUID recordId, String field, byte[] plaintext);

    byte[] decrypt(UUID recordId, String field, byte[] ciphertext);

    /** 32 bytes over {@code purpose | }{@link BlindIndex#normalise normalise(value)}; purpose as {@link BlindIndex#PURPOSE}. */
    byte[] blindIndex(String purpose, String value);

    default byte[] encryptString(UUID recordId, String field, String plaintext) {
        return encrypt(recordId, field, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    default String decryptString(UUID recordId, String field, byte[] ciphertext) {
        return new String(decrypt(recordId, field, ciphertext), StandardCharsets.UTF_8);
    }
}
