package org.custodian.identity.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The random secrets handed to browsers (password reset links, device cookies): 32 random bytes in
 * base64url, stored only as their SHA-256. With 256 random bits there is nothing to guess, so a
 * plain hash is enough, and a copy of the database holds nothing that works.
 */
final class SecretTokens {

    static final int BYTES = 32;

    private SecretTokens() {
    }

    static String encode(byte[] token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** Empty for anything that is not a token's shape (it then matches nothing, like an unknown one). */
    static Optional<byte[]> hashOf(String token) {
        if (token == null || token.length() > 64) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            return bytes.length == BYTES ? Optional.of(sha256(bytes)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
