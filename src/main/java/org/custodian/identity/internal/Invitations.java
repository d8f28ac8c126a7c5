package org.custodian.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.mail.Mailer;
import org.custodian.privacy.EmailAddress;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.PublicAddress;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Invitation links. A token is 32 random bytes (URL-safe Base64); only its SHA-256 hash is stored,
 * so the database alone cannot be used to accept an invitation. A link works once, until it
 * expires, and only while it is the person's newest invitation. Tokens are never logged.
 */
@Component
@EnableConfigurationProperties(InvitationProperties.class)
class Invitations {

    static final String PATH = "/invitations/";
    private static final int TOKEN_BYTES = 32;
    private static final DateTimeFormatter UK_TIME =
            DateTimeFormatter.ofPattern("d MMMM yyyy 'at' h:mma", Locale.UK).withZone(ZoneId.of("Europe/London"));

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final PasswordEncoder passwordEncoder;
    private final Mailer mailer;
    private final InvitationProperties properties;
    private final PublicAddress publicUrl;
    private final Clock clock;
    private final AccountFields fields;
    private final SecureRandom random = new SecureRandom();

    Invitations(JdbcClient jdbc, Tenancy tenancy, PasswordEncoder passwordEncoder, Mailer mailer,
                InvitationProperties properties, PublicAddress publicUrl, Clock clock, AccountFields fields) {
        this.fields = fields;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.passwordEncoder = passwordEncoder;
        this.mailer = mailer;
        this.properties = properties;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /** A new token for the account; any earlier link stops working. Runs in the caller's school scope. */
    Issued issue(UUID schoolId, UUID userId, UUID invitedBy) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.expiry());
        return tenancy.inSchool(schoolId, () -> {
            revokeAll(userId);
            jdbc.sql("""
                    insert into user_invitation (school_id, id, user_id, token_hash, created_at, created_by, expires_at)
                    values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(schoolId, UUID.randomUUID(), userId, hash(token), Timestamp.from(now), invitedBy,
                            Timestamp.from(expiresAt))
                    .update();
            return new Issued(token, expiresAt);
        });
    }

    /** Ends every unused link of the account (a newer invitation, or the account was removed). */
    void revokeAll(UUID userId) {
        jdbc.sql("update user_invitation set revoked_at = ? where user_id = ? and accepted_at is null and revoked_at is null")
                .params(Timestamp.from(clock.instant()), userId).update();
    }

    void send(CustodianUser invitee, CustodianUser inviter, Issued invitation) {
        mailer.send(new EmailAddress(invitee.getUsername()), "You have been invited to Custodian", """
                %s has invited you to use Custodian, where your school keeps its pupil records.

                To accept, choose your password at this address:

                %s

                The link works once and expires on %s (UK time). After choosing your password you sign in \
                and set up two-factor authentication with an authenticator app.

                If you were not expecting this email, ignore it: nothing happens unless the link is used.
                """.formatted(inviter.displayName(), publicUrl.link(PATH + invitation.token()),
                UK_TIME.format(invitation.expiresAt())));
    }

    /**
     * Instead of a link, when the invited address already belongs to an account elsewhere: its
     * holder learns that someone tried (the inviting school learns nothing).
     */
    void tellHolder(EmailAddress address) {
        mailer.send(address, "Someone tried to invite you to Custodian", """
                A school administrator tried to invite this email address to Custodian. It already belongs                 to your Custodian account, so no second account has been set up for it and no link was sent.

                You do not need to do anything. If you are moving to another school, ask your current                 school's Custodian administrator to remove your account; the new school can then invite you.
                If you did not expect this, you can ignore it: your account has not changed.
                """);
    }

    /**
     * What a token stands for: empty if it was never issued; otherwise the invitee, and whether the
     * link still works (unused, newest, not expired, and the account still enabled and not removed).
     */
    Optional<Lookup> find(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return tenancy.asPlatform(() -> jdbc.sql("""
                        select u.*, i.accepted_at is null and i.revoked_at is null and i.expires_at > ?
                                    and u.invitation_pending and u.enabled and u.removed_at is null
                                    and not u.address_held_elsewhere as usable
                          from user_invitation i join user_account u on u.id = i.user_id
                         where i.token_hash = ?""")
                .params(Timestamp.from(now), hash(token))
                .query((row, n) -> new Lookup(fields.user(row, n), row.getBoolean("usable")))
                .optional());
    }

    /**
     * Uses the link once and sets the invitee's password, atomically: of two concurrent uses only
     * one succeeds. Returns the invitee, or empty if the link no longer works.
     */
    Optional<UUID> accept(String token, String password) {
        String passwordHash = passwordEncoder.encode(password);
        Instant now = clock.instant();
        return tenancy.asPlatform(() -> {
            Optional<UUID> userId = jdbc.sql("""
                            update user_invitation i set accepted_at = ?
                             where i.token_hash = ? and i.accepted_at is null and i.revoked_at is null
                               and i.expires_at > ?
                               and exists (select 1 from user_account u where u.id = i.user_id
                                              and u.invitation_pending and u.enabled and u.removed_at is null
                                              and not u.address_held_elsewhere)
                            returning i.user_id""")
                    .params(Timestamp.from(now), hash(token), Timestamp.from(now))
                    .query(UUID.class).optional();
            userId.ifPresent(id -> jdbc.sql("""
                            update user_account set password_hash = ?, must_change_password = false,
                                                    invitation_pending = false
                             where id = ?""")
                    .params(passwordHash, id).update());
            return userId;
        });
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new link; the token exists only here and in the email. */
    record Issued(String token, Instant expiresAt) {

        @Override
        public String toString() {
            return "Issued[expiresAt=" + expiresAt + ", token redacted]";
        }
    }

    record Lookup(CustodianUser invitee, boolean usable) {
    }
}
