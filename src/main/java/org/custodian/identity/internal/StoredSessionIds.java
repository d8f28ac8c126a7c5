package org.custodian.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Session ids and what the session store keeps of them. The cookie carries the id; the store keeps
 * only its SHA-256 (64 hex digits), so someone who reads the database cannot present a live session.
 * An id is 32 random bytes in URL-safe Base64 (43 characters), never mistaken for a stored id.
 */
final class StoredSessionIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern STORED = Pattern.compile("[0-9a-f]{64}");

    private StoredSessionIds() {
    }

    static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What the store keeps of a session id. */
    static String of(String sessionId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static boolean isStored(String id) {
        return STORED.matcher(id).matches();
    }
}
