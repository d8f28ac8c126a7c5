package org.custodian.identity.internal;

import java.util.UUID;

/**
 * Who is guessing an account's secrets, as the lockout sees it: a browser holding a valid device
 * cookie for that account (its failures count against that cookie only), or an untrusted client
 * (its failures count against the account's lockout for untrusted clients).
 *
 * @param deviceCookie the SHA-256 hash of the valid device cookie presented, or null
 */
record GuessingClient(UUID userId, byte[] deviceCookie) {

    static GuessingClient untrusted(UUID userId) {
        return new GuessingClient(userId, null);
    }

    boolean trusted() {
        return deviceCookie != null;
    }

    @Override
    public String toString() {
        return "GuessingClient[userId=" + userId + ", trusted=" + trusted() + "]";
    }
}
