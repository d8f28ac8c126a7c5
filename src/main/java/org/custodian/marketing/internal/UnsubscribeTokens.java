package org.custodian.marketing.internal;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import org.custodian.crypto.PlatformCipher;
import org.custodian.privacy.EmailAddress;
import org.custodian.web.ProblemException;
import org.springframework.stereotype.Component;

/**
 * Unsubscribe tokens: a version byte, the address's keyed fingerprint (never the address) and a MAC
 * over both under the platform's HMAC-SHA256 PRF keyset (Tink), base64url. The token stands alone:
 * no session, no account, no stored state, so it still works after the account is gone.
 */
@Component
class UnsubscribeTokens {

    static final String ADDRESS_PURPOSE = "marketing-address";
    private static final String MAC_PURPOSE = "unsubscribe-token";
    private static final byte VERSION = 1;
    private static final int INDEX = 32;
    private static final int TAG = 32;

    private final PlatformCipher platform;

    UnsubscribeTokens(PlatformCipher platform) {
        this.platform = platform;
    }

    /** The address's keyed fingerprint (case and spacing folded). */
    byte[] addressIndex(EmailAddress address) {
        return platform.blindIndex(ADDRESS_PURPOSE, address.value());
    }

    String tokenFor(EmailAddress address) {
        byte[] index = addressIndex(address);
        byte[] token = new byte[1 + INDEX + TAG];
        token[0] = VERSION;
        System.arraycopy(index, 0, token, 1, INDEX);
        System.arraycopy(mac(index), 0, token, 1 + INDEX, TAG);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The fingerprint the token carries; refuses a forged, tampered or malformed token. */
    byte[] verify(String token) {
        byte[] raw;
        try {
            raw = token == null || token.length() > 200 ? null : Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            raw = null;
        }
        if (raw == null || raw.length != 1 + INDEX + TAG || raw[0] != VERSION) {
            throw invalid();
        }
        byte[] index = Arrays.copyOfRange(raw, 1, 1 + INDEX);
        byte[] tag = Arrays.copyOfRange(raw, 1 + INDEX, raw.length);
        if (!MessageDigest.isEqual(mac(index), tag)) {
            throw invalid();
        }
        return index;
    }

    private byte[] mac(byte[] index) {
        return platform.blindIndex(MAC_PURPOSE, "v1:" + HexFormat.of().formatHex(index));
    }

    private static ProblemException invalid() {
        return ProblemException.badRequest("invalid-unsubscribe-token",
                "This unsubscribe link is not valid. Use the link exactly as it came in the email.");
    }
}
