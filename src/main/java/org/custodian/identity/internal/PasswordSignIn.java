package org.custodian.identity.internal;

import java.time.Instant;
import java.util.Optional;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.SchoolStanding;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.mail.Mailer;
import org.custodian.privacy.EmailAddress;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * The password step. Every refusal (unknown account, wrong password, locked or disabled account,
 * throttled address) gives the same answer after the same Argon2 work, so neither the message nor
 * the timing tells whether an account exists.
 */
@Component
class PasswordSignIn implements AuthenticationProvider {

    static final String REFUSAL = "Invalid username or password";

    private final JdbcUserAccounts accounts;
    private final PasswordEncoder passwordEncoder;
    private final Lockouts lockouts;
    private final SourceThrottle throttle;
    private final SecurityEvents events;
    private final Mailer mailer;
    private final Maintenance maintenance;
    private final ObjectProvider<SchoolStanding> schools;
    private final String dummyHash;

    PasswordSignIn(JdbcUserAccounts accounts, PasswordEncoder passwordEncoder, Lockouts lockouts,
                   SourceThrottle throttle, SecurityEvents events, Mailer mailer, Maintenance maintenance,
                   ObjectProvider<SchoolStanding> schools) {
        this.schools = schools;
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.lockouts = lockouts;
        this.throttle = throttle;
        this.events = events;
        this.mailer = mailer;
        this.maintenance = maintenance;
        this.dummyHash = passwordEncoder.encode("timing-equaliser-" + System.nanoTime());
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String password = String.valueOf(authentication.getCredentials());
        String sourceIp = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : "unknown";
        Optional<CustodianUser> found = accounts.findByUsername(username);
        if (throttle.isBlocked(sourceIp) || found.isEmpty()) {
            passwordEncoder.matches(password, dummyHash);
            throttle.recordFailure(sourceIp);
            throw new BadCredentialsException(REFUSAL);
        }
        CustodianUser user = found.get();
        if (lockouts.lockedUntil(user.id()).isPresent()) {
            passwordEncoder.matches(password, dummyHash);
            events.record(SecurityEventType.SIGN_IN_REFUSED_LOCKED, user, null, null);
            throw new BadCredentialsException(REFUSAL);
        }
        boolean matches = passwordEncoder.matches(password, user.getPassword());
        if (!matches || !user.isEnabled()) {
            refuse(user, sourceIp, matches ? "disabled" : null);
        }
        if (user.schoolId() != null && !schools.stream().allMatch(standing -> standing.admitsSignIn(user.schoolId()))) {
            // Not a wrong guess either: the school processes nothing, so its people have nothing to sign in to.
            events.record(SecurityEventType.SIGN_IN_FAILED, user, null, "school-closed");
            throw new SchoolClosedException();
        }
        if (maintenance.signInBlocked() && !user.has(Permission.MAINTENANCE)) {
            // Not a wrong guess: nothing counts towards lockout. Those who can lift the block still get in.
            events.record(SecurityEventType.SIGN_IN_FAILED, user, null, "sign-in-blocked");
            throw new SignInBlockedException();
        }
        if (passwordEncoder.upgradeEncoding(user.getPassword())) {
            accounts.updatePassword(user, passwordEncoder.encode(password));
        }
        user.eraseCredentials();
        StagedAuthentication staged = new StagedAuthentication(user, false);
        staged.setDetails(authentication.getDetails());
        return staged;
    }

    /** A wrong guess counts towards the account's lockout and the address's throttle. */
    void refuse(CustodianUser user, String sourceIp, String detail) {
        throttle.recordFailure(sourceIp);
        recordFailedGuess(user, SecurityEventType.SIGN_IN_FAILED, detail);
        throw new BadCredentialsException(REFUSAL);
    }

    /** Counts a failed password or second-factor guess; locks and tells the person when it crosses the limit. */
    void recordFailedGuess(CustodianUser user, SecurityEventType type, String detail) {
        events.record(type, user, null, detail);
        lockouts.recordFailure(user.id()).ifPresent(until -> locked(user, until));
    }

    private void locked(CustodianUser user, Instant until) {
        events.record(SecurityEventType.ACCOUNT_LOCKED, user, null, "until " + until);
        if (EmailAddress.isValid(user.getUsername())) {
            mailer.send(new EmailAddress(user.getUsername()), "Your Custodian account has been locked",
                    """
                    There were too many unsuccessful attempts to sign in to your Custodian account, so it is \
                    locked until %s (UTC).

                    If this was you, wait and try again, or reset your password, which also unlocks the account.
                    If it was not you, tell your school's Custodian administrator: they can see the attempts \
                    and unlock the account.
                    """.formatted(until));
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
