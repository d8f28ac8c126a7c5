package org.custodian.identity.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.mail.Mailer;
import org.custodian.privacy.EmailAddress;
import org.springframework.stereotype.Component;

/**
 * Where a wrong password or code counts, following OWASP's device-cookie algorithm: against the
 * device cookie if the client presents a valid one for the account, otherwise against the account's
 * lockout for untrusted clients. Sign-in, the second factor and changing one's password all count
 * here, so each guess costs the same budget wherever it is made.
 */
@Component
class FailedGuesses {

    /** People read the lockout's end in the time of their clocks, as in the invitation email. */
    private static final DateTimeFormatter UK_TIME =
            DateTimeFormatter.ofPattern("HH:mm 'on' d MMMM yyyy", Locale.UK).withZone(ZoneId.of("Europe/London"));

    private final Lockouts lockouts;
    private final DeviceCookies devices;
    private final SecurityEvents events;
    private final Mailer mailer;

    FailedGuesses(Lockouts lockouts, DeviceCookies devices, SecurityEvents events, Mailer mailer) {
        this.lockouts = lockouts;
        this.devices = devices;
        this.events = events;
        this.mailer = mailer;
    }

    GuessingClient client(CustodianUser user, HttpServletRequest request) {
        return devices.identify(user.id(), DeviceCookies.presented(request));
    }

    GuessingClient client(CustodianUser user, String presentedDeviceCookie) {
        return devices.identify(user.id(), presentedDeviceCookie);
    }

    /** Whether this client may not guess now (its device cookie, or the account for untrusted clients, is locked). */
    boolean locked(GuessingClient client) {
        return client.trusted()
                ? devices.lockedUntil(client.deviceCookie()).isPresent()
                : lockouts.lockedUntil(client.userId()).isPresent();
    }

    /** Counts a failed guess; at the limit locks the device cookie, or the account and tells its holder. */
    void record(CustodianUser user, GuessingClient client, SecurityEventType type, String detail) {
        events.record(type, user, null, detail);
        if (client.trusted()) {
            devices.recordFailure(client.deviceCookie()).ifPresent(until ->
                    events.record(SecurityEventType.SIGN_IN_FAILED, user, null, "device-cookie-locked until " + until));
        } else {
            lockouts.recordFailure(user.id()).ifPresent(until -> accountLocked(user, until));
        }
    }

    /** A completed sign-in starts the count again for the client that made it. */
    void succeeded(GuessingClient client) {
        if (!client.trusted()) {
            lockouts.recordSuccess(client.userId());
        }
        // A trusted client's cookie is replaced by a fresh one (DeviceCookies.issue), with a fresh count.
    }

    private void accountLocked(CustodianUser user, Instant until) {
        events.record(SecurityEventType.ACCOUNT_LOCKED, user, null, "until " + until);
        if (EmailAddress.isValid(user.getUsername())) {
            mailer.send(new EmailAddress(user.getUsername()), "Your Custodian account has been locked",
                    """
                    There were too many unsuccessful attempts to sign in to your Custodian account, so it is \
                    locked until %s (UK time).

                    If this was you, wait and try again, or reset your password, which also unlocks the account.
                    If it was not you, tell your school's Custodian administrator: they can see the attempts \
                    and unlock the account. Browsers where you have signed in with your authenticator before \
                    can still sign in.
                    """.formatted(UK_TIME.format(until)));
        }
    }
}
