package org.custodian.accesslog.internal.tree;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * An Ed25519 public key as PEM: {@code PUBLIC KEY} around its X.509 SubjectPublicKeyInfo (RFC 8410),
 * the form OpenSSL and the JDK's {@code KeyFactory("Ed25519")} read.
 */
public final class Ed25519Pem {

    /** SubjectPublicKeyInfo up to the key: SEQUENCE, AlgorithmIdentifier id-Ed25519 (1.3.101.112), BIT STRING of 33 bytes. */
    private static final byte[] PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private Ed25519Pem() {
    }

    public static String encode(byte[] rawKey) {
        if (rawKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        byte[] der = Arrays.copyOf(PREFIX, PREFIX.length + 32);
        System.arraycopy(rawKey, 0, der, PREFIX.length, 32);
        return BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n" + END + "\n";
    }

    /** Whether {@code text} looks like a PEM public key (whether or not it is a valid one). */
    public static boolean isPem(String text) {
        return text.contains(BEGIN);
    }

    /** The raw 32-byte key of a PEM Ed25519 public key; empty if it is not one. */
    public static Optional<byte[]> decode(String pem) {
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            return Optional.empty();
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end).strip());
            if (der.length != PREFIX.length + 32 || !Arrays.equals(Arrays.copyOf(der, PREFIX.length), PREFIX)) {
                return Optional.empty();
            }
            // The JDK must read it as an Ed25519 key too: the prefix alone is not a proof of a well-formed key.
            KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            return Optional.of(Arrays.copyOfRange(der, PREFIX.length, der.length));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
