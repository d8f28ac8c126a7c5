package org.custodian.accesslog.internal.tree;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.crypto.tink.subtle.Ed25519Verify;

/**
 * The C2SP {@code signed-note} format with Ed25519 keys: the note's text, a blank line, then one line
 * per signature, {@code "— <key name> <base64(key id || signature)>"}. A key id is the first four
 * bytes of {@code SHA-256(key name || "\n" || 0x01 || public key)}, 0x01 naming Ed25519. A verifier key
 * is written {@code <name>+<key id in hex>+<base64(0x01 || public key)>}.
 */
public final class SignedNote {

    private static final byte ED25519 = 0x01;
    private static final String SIGNATURE_PREFIX = "\u2014 ";
    private static final Pattern KEY_NAME = Pattern.compile("[\\x21-\\x2a\\x2c-\\x7e]+");

    private SignedNote() {
    }

    /** An Ed25519 public key under its name, as a note verifier uses it. */
    public record VerifierKey(String name, byte[] publicKey) {

        public VerifierKey {
            if (!KEY_NAME.matcher(name).matches() || publicKey.length != 32) {
                throw new IllegalArgumentException("a key name is printable ASCII without spaces or '+'; an Ed25519 key is 32 bytes");
            }
        }

        public byte[] keyId() {
            try {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                sha256.update(name.getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) '\n');
                sha256.update(ED25519);
                return Arrays.copyOf(sha256.digest(publicKey), 4);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is always available", e);
            }
        }

        /** The {@code name+keyid+base64} form. */
        public String encoded() {
            byte[] typed = new byte[33];
            typed[0] = ED25519;
            System.arraycopy(publicKey, 0, typed, 1, 32);
            return name + "+" + HexFormat.of().formatHex(keyId()) + "+" + Base64.getEncoder().encodeToString(typed);
        }

        /** Parses the {@code name+keyid+base64} form; refuses one whose key id does not match its key. */
        public static VerifierKey parse(String encoded) {
            // Three parts at most: the key's base64 may itself hold '+'.
            String[] parts = encoded.strip().split("\\+", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("a verifier key is name+keyid+key");
            }
            byte[] typed = Base64.getDecoder().decode(parts[2]);
            if (typed.length != 33 || typed[0] != ED25519) {
                throw new IllegalArgumentException("not an Ed25519 verifier key");
            }
            VerifierKey key = new VerifierKey(parts[0], Arrays.copyOfRange(typed, 1, 33));
            if (!HexFormat.of().formatHex(key.keyId()).equals(parts[1])) {
                throw new IllegalArgumentException("the verifier key's id does not match its key");
            }
            return key;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof VerifierKey that && name.equals(that.name) && Arrays.equals(publicKey, that.publicKey);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return encoded();
        }
    }

    /** The note: {@code text} (ending in a newline) with {@code signature}, {@code key}'s Ed25519 signature of its UTF-8 bytes. */
    public static String sign(String text, VerifierKey key, byte[] signature) {
        if (!text.endsWith("\n") || signature.length != 64) {
            throw new IllegalArgumentException("a note's text ends in a newline; an Ed25519 signature is 64 bytes");
        }
        byte[] idAndSignature = new byte[4 + signature.length];
        System.arraycopy(key.keyId(), 0, idAndSignature, 0, 4);
        System.arraycopy(signature, 0, idAndSignature, 4, signature.length);
        return text + "\n" + SIGNATURE_PREFIX + key.name() + " " + Base64.getEncoder().encodeToString(idAndSignature) + "\n";
    }

    /**
     * The note's text if at least one of its signatures is a valid one by one of {@code keys}
     * (signatures by unknown keys are ignored, as the format says); empty otherwise, or if the
     * note is malformed.
     */
    public static Optional<String> open(String note, List<VerifierKey> keys) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            return Optional.empty();
        }
        String text = note.substring(0, split + 1);
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        boolean verified = false;
        for (String line : note.substring(split + 2, note.length() - 1).split("\n", -1)) {
            if (!line.startsWith(SIGNATURE_PREFIX)) {
                return Optional.empty();
            }
            String[] parts = line.substring(SIGNATURE_PREFIX.length()).split(" ", -1);
            if (parts.length != 2) {
                return Optional.empty();
            }
            byte[] idAndSignature;
            try {
                idAndSignature = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (idAndSignature.length != 4 + 64) {
                continue;
            }
            for (VerifierKey key : keys) {
                if (key.name().equals(parts[0]) && Arrays.equals(key.keyId(), Arrays.copyOf(idAndSignature, 4))
                        && verifies(key, message, Arrays.copyOfRange(idAndSignature, 4, idAndSignature.length))) {
                    verified = true;
                }
            }
        }
        return verified ? Optional.of(text) : Optional.empty();
    }

    private static boolean verifies(VerifierKey key, byte[] message, byte[] signature) {
        try {
            new Ed25519Verify(key.publicKey()).verify(signature, message);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
