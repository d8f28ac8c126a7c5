package org.custodian.identity.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;

import org.apache.commons.codec.binary.Base32;
import org.custodian.crypto.MasterKey;
import org.custodian.crypto.MasterKeyDependent;
import org.custodian.crypto.PlatformCipher;
import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * RFC 6238 TOTP (SHA-1, 30-second steps, 6 digits, one step of clock drift either way). Secrets are
 * stored encrypted under the platform AEAD keyset, bound to their account; each code is accepted
 * once. Secrets enrolled when they were encrypted under the master key directly still open, and
 * master-key rotation moves them under the platform keyset ({@link MasterKeyDependent}).
 */
@Component
class TotpSecrets implements MasterKeyDependent {

    private static final String FIELD = "totp-secret";
    private static final String UNDER_MASTER_KEY = "MASTER_KEY";
    private static final String UNDER_PLATFORM_KEYSET = "PLATFORM_KEYSET";

    static final Duration STEP = Duration.ofSeconds(30);
    private static final int SECRET_BYTES = 20;
    private static final String ISSUER = "Custodian";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final MasterKey masterKey;
    private final PlatformCipher platform;
    private final Clock clock;
    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, 6);
    private final SecureRandom random = new SecureRandom();

    TotpSecrets(JdbcClient jdbc, Tenancy tenancy, MasterKey masterKey, PlatformCipher platform, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.masterKey = masterKey;
        this.platform = platform;
        this.clock = clock;
    }

    byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    static String manualKey(byte[] secret) {
        return new Base32().encodeToString(secret).replace("=", "");
    }

    /** The otpauth:// URI an authenticator app reads from the QR code. */
    static String provisioningUri(String accountName, byte[] secret) {
        String label = URLEncoder.encode(ISSUER + ":" + accountName, StandardCharsets.UTF_8).replace("+", "%20");
        return "otpauth://totp/" + label + "?secret=" + manualKey(secret) + "&issuer=" + ISSUER
                + "&algorithm=SHA1&digits=6&period=30";
    }

    /** The QR code as a data: URI, so it is never served from a URL that could be cached or logged. */
    static String qrCodeDataUri(String provisioningUri) {
        try {
            var matrix = new QRCodeWriter().encode(provisioningUri, BarcodeFormat.QR_CODE, 240, 240);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", png);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (WriterException e) {
            throw new IllegalStateException("Could not draw the QR code", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code code} matches the secret at the current step or one step either side; returns that step. */
    Optional<Long> matchingStep(byte[] secret, String code) {
        if (code == null || !code.strip().matches("[0-9]{6}")) {
            return Optional.empty();
        }
        String candidate = code.strip();
        long now = clock.instant().getEpochSecond() / STEP.getSeconds();
        SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA1");
        for (long step = now - 1; step <= now + 1; step++) {
            try {
                String expected = String.format("%06d",
                        generator.generateOneTimePassword(key, Instant.ofEpochSecond(step * STEP.getSeconds())));
                if (java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                        candidate.getBytes(StandardCharsets.US_ASCII))) {
                    return Optional.of(step);
                }
            } catch (InvalidKeyException e) {
                throw new IllegalStateException(e);
            }
        }
        return Optional.empty();
    }

    boolean isEnrolled(UUID userId) {
        return tenancy.asPlatform(() -> jdbc.sql("select count(*) from user_totp where user_id = ?").param(userId)
                .query(Long.class).single() > 0);
    }

    /** Stores a confirmed secret; the confirming code's step counts as used. */
    void enrol(UUID userId, byte[] secret, long confirmedStep) {
        byte[] ciphertext = encrypt(userId, secret);
        tenancy.asPlatform(() -> {
            jdbc.sql("delete from user_totp where user_id = ?").param(userId).update();
            jdbc.sql("""
                    insert into user_totp (user_id, secret_ciphertext, enrolled_at, last_used_step, sealed_by)
                    values (?, ?, ?, ?, ?)""")
                    .params(userId, ciphertext, Timestamp.from(clock.instant()), confirmedStep, UNDER_PLATFORM_KEYSET)
                    .update();
        });
    }

    /** Verifies a code for an enrolled account and marks its step used, atomically: a replay fails. */
    boolean verify(UUID userId, String code) {
        return tenancy.asPlatform(() -> {
            Optional<Sealed> stored = jdbc.sql("select user_id, secret_ciphertext, sealed_by from user_totp where user_id = ? for update")
                    .param(userId).query(TotpSecrets::sealed).optional();
            if (stored.isEmpty()) {
                return false;
            }
            Optional<Long> step = matchingStep(decrypt(stored.get()), code);
            return step.isPresent() && jdbc.sql("""
                            update user_totp set last_used_step = ?
                             where user_id = ? and (last_used_step is null or last_used_step < ?)""")
                    .params(step.get(), userId, step.get()).update() == 1;
        });
    }

    void reset(UUID userId) {
        tenancy.asPlatform(() -> jdbc.sql("delete from user_totp where user_id = ?").param(userId).update());
    }

    @Override
    public long underMasterKey() {
        return tenancy.asPlatform(() -> jdbc.sql("select count(*) from user_totp where sealed_by = ?")
                .param(UNDER_MASTER_KEY).query(Long.class).single());
    }

    @Override
    public int moveOffMasterKey(int batchSize) {
        return tenancy.asPlatform(() -> {
            List<Sealed> rows = jdbc.sql("""
                    select user_id, secret_ciphertext, sealed_by from user_totp
                    where sealed_by = ? order by user_id limit ? for update skip locked""")
                    .params(UNDER_MASTER_KEY, batchSize).query(TotpSecrets::sealed).list();
            for (Sealed row : rows) {
                jdbc.sql("update user_totp set secret_ciphertext = ?, sealed_by = ? where user_id = ?")
                        .params(encrypt(row.userId(), decrypt(row)), UNDER_PLATFORM_KEYSET, row.userId()).update();
            }
            return rows.size();
        });
    }

    private record Sealed(UUID userId, byte[] ciphertext, String sealedBy) {
        @Override
        public String toString() {
            return "Sealed[redacted]";
        }
    }

    private static Sealed sealed(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Sealed(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getString(3));
    }

    private byte[] encrypt(UUID userId, byte[] secret) {
        return platform.encrypt(userId, FIELD, secret);
    }

    private byte[] decrypt(Sealed sealed) {
        if (UNDER_PLATFORM_KEYSET.equals(sealed.sealedBy())) {
            return platform.decrypt(sealed.userId(), FIELD, sealed.ciphertext());
        }
        try {
            return masterKey.aead().decrypt(sealed.ciphertext(), associatedData(sealed.userId()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not decrypt the second-factor secret", e);
        }
    }

    /** Binds the ciphertext to its account: copied to another account's row it does not decrypt. */
    private static byte[] associatedData(UUID userId) {
        return ("custodian:totp:" + userId).getBytes(StandardCharsets.UTF_8);
    }
}
