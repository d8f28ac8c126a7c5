package org.custodian.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The platform's Ed25519 signing key (for signed checkpoints, C2SP {@code signed-note}): a Tink
 * keyset wrapped by the {@link MasterKey}, so only a holder of the master key can sign. Rotatable;
 * every key ever used stays listed with its public half, and each listed public key is sealed under
 * the master key, so a database owner holding every table can neither plant a key nor alter one
 * without {@link #publicKeys} failing.
 *
 * <p>Signatures are plain RFC 8032 Ed25519 (64 bytes, no Tink prefix): anyone holding the raw
 * 32-byte public key verifies them, e.g. with {@code com.google.crypto.tink.subtle.Ed25519Verify}
 * or JCA's {@code Signature.getInstance("Ed25519")} over {@link PublicKey#pem}.
 */
public interface SigningKeys {

    /**
     * Signs with the current key, creating the first key on first use (once, whichever instance
     * gets there first). A concurrent {@link #rotate} waits until the surrounding transaction ends,
     * so the returned key was current when it signed.
     */
    Signed sign(byte[] message);

    /**
     * Every key ever used, oldest first: the current one (not retired) last. Each public key is
     * checked against its seal under the master key.
     *
     * @throws KeyRejectedException if any stored key or its dates were altered, or a key is missing
     *                              its seal; never a silently wrong key
     */
    List<PublicKey> publicKeys();

    /**
     * Makes a new key current. The previous key is retired: its public key stays listed (with its
     * retirement time), its private key is deleted from the database.
     */
    PublicKey rotate();

    /**
     * A stored signing key failed its check under the master key: altered, copied from another row,
     * or not sealed by this platform. The message names the rule, never key material.
     */
    final class KeyRejectedException extends RuntimeException {
        public KeyRejectedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A signature and the raw public key that verifies it. */
    record Signed(byte[] signature, byte[] publicKey) {
        @Override
        public String toString() {
            return "Signed[" + signature.length + "-byte signature]";
        }
    }

    /**
     * A signing key's public half.
     *
     * @param publicKey 32 raw bytes (RFC 8032)
     * @param retiredAt null for the current key
     */
    record PublicKey(byte[] publicKey, Instant createdAt, Instant retiredAt) {

        /** X.509 SubjectPublicKeyInfo of Ed25519 (OID 1.3.101.112) up to the 32 key bytes (RFC 8410). */
        private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
        private static final Pattern PEM = Pattern.compile(
                "\\s*-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----\\s*");

        public PublicKey {
            if (publicKey == null || publicKey.length != 32) {
                throw new IllegalArgumentException("An Ed25519 public key is 32 bytes");
            }
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        public boolean current() {
            return retiredAt == null;
        }

        /** This key as PEM (SubjectPublicKeyInfo, "BEGIN PUBLIC KEY"), as OpenSSL and JCA read it. */
        public String pem() {
            return pem(publicKey);
        }

        /** A raw 32-byte Ed25519 public key as PEM (SubjectPublicKeyInfo, "BEGIN PUBLIC KEY"). */
        public static String pem(byte[] rawPublicKey) {
            if (rawPublicKey == null || rawPublicKey.length != 32) {
                throw new IllegalArgumentException("An Ed25519 public key is 32 bytes");
            }
            byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
            System.arraycopy(rawPublicKey, 0, der, SPKI_PREFIX.length, 32);
            return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END PUBLIC KEY-----\n";
        }

        /** The raw 32 bytes of an Ed25519 public key in PEM; anything else is refused. */
        public static byte[] fromPem(String pem) {
            var match = PEM.matcher(pem == null ? "" : pem);
            if (!match.matches()) {
                throw new IllegalArgumentException("Not a PEM public key");
            }
            byte[] der = Base64.getMimeDecoder().decode(match.group(1));
            try {
                // JCA checks the structure and that the algorithm is Ed25519.
                byte[] encoded = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)).getEncoded();
                if (encoded.length != SPKI_PREFIX.length + 32
                        || !Arrays.equals(Arrays.copyOf(encoded, SPKI_PREFIX.length), SPKI_PREFIX)) {
                    throw new IllegalArgumentException("Not an Ed25519 public key");
                }
                return Arrays.copyOfRange(encoded, SPKI_PREFIX.length, encoded.length);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("Not an Ed25519 public key", e);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PublicKey that && Arrays.equals(publicKey, that.publicKey)
                    && createdAt.equals(that.createdAt) && java.util.Objects.equals(retiredAt, that.retiredAt);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return "PublicKey[" + Base64.getEncoder().encodeToString(publicKey) + ", created " + createdAt
                    + (retiredAt == null ? "" : ", retired " + retiredAt) + "]";
        }
    }
}
