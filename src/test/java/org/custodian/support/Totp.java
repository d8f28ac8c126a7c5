package org.custodian.support;

import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

import org.apache.commons.codec.binary.Base32;

/** What an authenticator app does: the RFC 6238 code for a Base32 key at a given time. */
public final class Totp {

    private Totp() {
    }

    public static String code(String base32Key, Instant at) {
        byte[] secret = new Base32().decode(base32Key.replace(" ", ""));
        try {
            int code = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6)
                    .generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"), at);
            return String.format("%06d", code);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
