package org.custodian.identity.internal;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.tenancy.Tenancy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Device cookies, after OWASP's "Slow Down Online Guessing Attacks with Device Cookies". A browser
 * that completes sign-in with the second factor gets 32 random bytes in a {@code __Host-} cookie
 * (Secure, HttpOnly, SameSite=Strict); only their SHA-256 hash is stored, bound to the account and
 * expiring. Presented for that account, the cookie makes the browser a trusted client with its own
 * failure budget; for any other account, or once expired, it counts for nothing.
 */
@Component
@EnableConfigurationProperties(DeviceCookieProperties.class)
class DeviceCookies {

    static final String NAME = "__Host-custodian-device";
    private static final int TOKEN_BYTES = SecretTokens.BYTES;

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final DeviceCookieProperties properties;
    private final SignInProperties signIn;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    DeviceCookies(JdbcClient jdbc, Tenancy tenancy, DeviceCookieProperties properties, SignInProperties signIn,
                  Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.properties = properties;
        this.signIn = signIn;
        this.clock = clock;
    }

    /** The device cookie's value in the request, or null. */
    static String presented(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (NAME.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** A trusted client if {@code presentedToken} is a valid, unexpired device cookie of this account. */
    GuessingClient identify(UUID userId, String presentedToken) {
        Optional<byte[]> hash = SecretTokens.hashOf(presentedToken);
        if (hash.isEmpty()) {
            return GuessingClient.untrusted(userId);
        }
        boolean valid = tenancy.asPlatform(() -> jdbc.sql(
                        "select count(*) from device_cookie where token_hash = ? and user_id = ? and expires_at > ?")
                .params(hash.get(), userId, Timestamp.from(clock.instant()))
                .query(Long.class).single() > 0);
        return valid ? new GuessingClient(userId, hash.get()) : GuessingClient.untrusted(userId);
    }

    Optional<Instant> lockedUntil(byte[] tokenHash) {
        Instant now = clock.instant();
        return tenancy.asPlatform(() -> jdbc.sql("select locked_until from device_cookie where token_hash = ?")
                        .param(tokenHash).query(Timestamp.class).optional())
                .map(Timestamp::toInstant)
                .filter(now::isBefore);
    }

    /** Counts a failed guess against this cookie only; returns the end of the lockout it caused, if any. */
    Optional<Instant> recordFailure(byte[] tokenHash) {
        Instant now = clock.instant();
        return tenancy.asPlatform(() -> {
            var state = jdbc.sql("""
                            select window_started_at, failures, lock_level from device_cookie
                             where token_hash = ? for update""")
                    .param(tokenHash)
                    .query((row, n) -> new GuessCount(
                            row.getTimestamp(1) == null ? null : row.getTimestamp(1).toInstant(),
                            row.getInt(2), row.getInt(3)))
                    .optional();
            if (state.isEmpty()) {
                return Optional.<Instant>empty();
            }
            GuessCount.Counted counted = state.get().afterFailure(now, signIn);
            GuessCount next = counted.count();
            Timestamp until = counted.lockedUntil() == null ? null : Timestamp.from(counted.lockedUntil());
            jdbc.sql("""
                    update device_cookie set window_started_at = ?, failures = ?, lock_level = ?,
                           locked_until = coalesce(?, locked_until) where token_hash = ?""")
                    .params(Timestamp.from(next.windowStartedAt()), next.failures(), next.lockLevel(), until, tokenHash)
                    .update();
            return Optional.ofNullable(counted.lockedUntil());
        });
    }

    /**
     * After a sign-in completed with the second factor: a fresh cookie for the browser (replacing the
     * one it presented), and the account's expired and surplus cookies are dropped.
     */
    void issue(GuessingClient client, HttpServletResponse response) {
        byte[] token = new byte[TOKEN_BYTES];
        random.nextBytes(token);
        Instant now = clock.instant();
        tenancy.asPlatform(() -> {
            if (client.trusted()) {
                jdbc.sql("delete from device_cookie where token_hash = ?").param(client.deviceCookie()).update();
            }
            jdbc.sql("delete from device_cookie where user_id = ? and expires_at <= ?")
                    .params(client.userId(), Timestamp.from(now)).update();
            jdbc.sql("""
                    insert into device_cookie (token_hash, user_id, created_at, expires_at) values (?, ?, ?, ?)""")
                    .params(SecretTokens.sha256(token), client.userId(), Timestamp.from(now),
                            Timestamp.from(now.plus(properties.lifetime())))
                    .update();
            jdbc.sql("""
                    delete from device_cookie where user_id = ? and token_hash not in (
                        select token_hash from device_cookie where user_id = ?
                         order by created_at desc, token_hash limit ?)""")
                    .params(client.userId(), client.userId(), properties.maxPerAccount())
                    .update();
        });
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(encode(token), properties).toString());
    }

    /** Lifts every lockout of the account's device cookies (an administrator's unlock, a password reset). */
    void unlockAll(UUID userId) {
        tenancy.asPlatform(() -> jdbc.sql("""
                        update device_cookie set failures = 0, lock_level = 0, locked_until = null where user_id = ?""")
                .param(userId).update());
    }

    /**
     * Its browsers are trusted no longer (the second factor was reset, or the account removed): they
     * guess as untrusted clients until they sign in with the second factor again.
     */
    void revokeAll(UUID userId) {
        tenancy.asPlatform(() -> jdbc.sql("delete from device_cookie where user_id = ?").param(userId).update());
    }

    /** Host-only ({@code __Host-}: no Domain, Path=/), never sent cross-site, out of scripts' reach. */
    static ResponseCookie cookie(String value, DeviceCookieProperties properties) {
        return ResponseCookie.from(NAME, value)
                .path("/")
                .secure(properties.secure())
                .httpOnly(true)
                .sameSite("Strict")
                .maxAge(properties.lifetime())
                .build();
    }

    private static String encode(byte[] token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }


}
