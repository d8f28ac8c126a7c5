package org.custodian.identity.internal;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.mail.Mailer;
import org.custodian.privacy.EmailAddress;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.PublicAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Forgotten passwords. A request always gets the same answer; only an enabled account whose
 * username is an email address gets a link. The link carries 32 random bytes; only their SHA-256
 * hash is stored, so a copy of the database cannot be used to reset anyone's password. A link works
 * once, until it expires; using it sets the new password, clears any lockout and ends the
 * account's sessions.
 */
@Service
class PasswordResets {

    static final String PATH = "/reset-password/";
    private static final Logger log = LoggerFactory.getLogger(PasswordResets.class);
    private static final int TOKEN_BYTES = SecretTokens.BYTES;

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final JdbcUserAccounts accounts;
    private final Lockouts lockouts;
    private final DeviceCookies devices;
    private final SecurityEvents events;
    private final UserSessions sessions;
    private final Mailer mailer;
    private final ResetRequestLimits limits;
    /** Runs reset requests off the request thread, bounded. */
    private final ResetMailQueue queue;
    private final PublicAddress publicAddress;
    private final PasswordPolicy passwordPolicy;
    private final PasswordResetProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PasswordResets(JdbcClient jdbc, Tenancy tenancy, JdbcUserAccounts accounts, Lockouts lockouts,
                   DeviceCookies devices, SecurityEvents events, UserSessions sessions, Mailer mailer,
                   ResetRequestLimits limits, ResetMailQueue queue, PublicAddress publicAddress,
                   PasswordResetProperties properties, PasswordPolicy passwordPolicy, Clock clock) {
        this.passwordPolicy = passwordPolicy;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.accounts = accounts;
        this.lockouts = lockouts;
        this.devices = devices;
        this.events = events;
        this.sessions = sessions;
        this.mailer = mailer;
        this.limits = limits;
        this.queue = queue;
        this.publicAddress = publicAddress;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Sends a reset link if {@code address} belongs to an account that may have one. The caller's
     * answer must not depend on the outcome, so nothing is returned. The request is counted against
     * its source and the address asked for (the same work for every address); within the limits,
     * the rest (the lookup included) is queued for another thread, so the time the request takes
     * does not tell either. Over a limit, or with the queue full, it is dropped.
     */
    void request(String address, String sourceIp) {
        if (!limits.allow(sourceIp, address)) {
            return;
        }
        boolean queued = queue.offer(() -> {
            try {
                issue(address);
            } catch (RuntimeException e) {
                // Its message could carry the address: log the type only.
                log.error("Could not issue a password reset link: {}", e.getClass().getSimpleName());
            }
        });
        if (!queued) {
            log.warn("Password reset queue full: a request was dropped");
        }
    }

    private void issue(String address) {
        Optional<CustodianUser> account = accounts.findByUsername(address)
                .filter(CustodianUser::isEnabled)
                .filter(user -> EmailAddress.isValid(user.getUsername()));
        if (account.isEmpty()) {
            return;
        }
        CustodianUser user = account.get();
        byte[] token = newToken();
        Instant now = clock.instant();
        boolean issued = tenancy.asPlatform(() -> {
            // One request at a time per account, so the count below cannot be outrun.
            jdbc.sql("select 1 from (select pg_advisory_xact_lock(hashtextextended(?, 0))) locked")
                    .param("password_reset:" + user.id()).query(Integer.class).single();
            long recent = jdbc.sql("select count(*) from password_reset where user_id = ? and created_at > ?")
                    .params(user.id(), Timestamp.from(now.minus(properties.requestWindow())))
                    .query(Long.class).single();
            if (recent >= properties.maxRequests()) {
                return false; // throttled: the same answer, no email
            }
            jdbc.sql("insert into password_reset (token_hash, user_id, created_at, expires_at) values (?, ?, ?, ?)")
                    .params(SecretTokens.sha256(token), user.id(), Timestamp.from(now),
                            Timestamp.from(now.plus(properties.linkValidity())))
                    .update();
            return true;
        });
        if (issued) {
            mailer.send(new EmailAddress(user.getUsername()), "Reset your Custodian password", """
                    Someone asked to reset the password of your Custodian account. If it was you, choose a new \
                    password here within %d minutes:

                    %s

                    The link works once. If you did not ask, ignore this email: your password has not changed.
                    """.formatted(properties.linkValidity().toMinutes(), publicAddress.link(PATH + encode(token))));
        }
    }

    /** The account a link is for, while the link is valid. Unknown, used and expired links all look the same. */
    Optional<CustodianUser> accountFor(String token) {
        return SecretTokens.hashOf(token).flatMap(hash -> tenancy.asPlatform(() -> jdbc.sql("""
                        select user_id from password_reset where token_hash = ? and used_at is null and expires_at > ?""")
                .params(hash, Timestamp.from(clock.instant()))
                .query(UUID.class).optional()))
                .flatMap(accounts::findById)
                .filter(CustodianUser::isEnabled);
    }

    /**
     * Sets the new password through a valid link (the caller has checked it against the password
     * policy). The link is claimed first, in the same transaction, so it works once even if it is
     * used twice at the same moment. Returns false, changing nothing, if the link is no longer valid.
     */
    boolean reset(String token, String newPassword) {
        Optional<byte[]> hash = SecretTokens.hashOf(token);
        Optional<CustodianUser> account = accountFor(token);
        if (hash.isEmpty() || account.isEmpty()) {
            return false;
        }
        CustodianUser user = account.get();
        Timestamp now = Timestamp.from(clock.instant());
        boolean done = tenancy.asPlatform(() -> {
            int claimed = jdbc.sql("""
                    update password_reset set used_at = ? where token_hash = ? and used_at is null and expires_at > ?""")
                    .params(now, hash.get(), now).update();
            if (claimed == 0) {
                return false;
            }
            // Every other link of the account stops working too: one reset per email round.
            jdbc.sql("update password_reset set used_at = ? where user_id = ? and used_at is null")
                    .params(now, user.id()).update();
            accounts.changePassword(user.id(), newPassword);
            boolean wasLocked = lockouts.lockedUntil(user.id()).isPresent();
            lockouts.clear(user.id());
            devices.unlockAll(user.id());
            events.record(SecurityEventType.PASSWORD_RESET, user, user, "email-link");
            if (wasLocked) {
                events.record(SecurityEventType.ACCOUNT_UNLOCKED, user, user, "password-reset");
            }
            return true;
        });
        if (done) {
            sessions.endAll(user);
        }
        return done;
    }

    /** Only what the password policy needs to know about the account. */
    List<String> policyViolations(CustodianUser user, String newPassword) {
        // The Passay policy bean (same shape: violations(password, username)) replaces this static call when it lands.
        return passwordPolicy.violations(newPassword, user.getUsername());
    }

    private byte[] newToken() {
        byte[] token = new byte[TOKEN_BYTES];
        random.nextBytes(token);
        return token;
    }

    private static String encode(byte[] token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }


}
