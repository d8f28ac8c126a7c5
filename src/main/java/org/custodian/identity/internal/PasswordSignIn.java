package org.custodian.identity.internal;

import java.util.Optional;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.SchoolStanding;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
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
 * the timing tells whether an account exists. Wrong guesses count where {@link FailedGuesses} says:
 * against the browser's device cookie, or the account's lockout for untrusted clients.
 */
@Component
class PasswordSignIn implements AuthenticationProvider {

    static final String REFUSAL = "Invalid username or password";

    private final JdbcUserAccounts accounts;
    private final PasswordEncoder passwordEncoder;
    private final FailedGuesses guesses;
    private final SourceThrottle throttle;
    private final SecurityEvents events;
    private final Maintenance maintenance;
    private final ObjectProvider<SchoolStanding> schools;
    private final String dummyHash;

    PasswordSignIn(JdbcUserAccounts accounts, PasswordEncoder passwordEncoder, FailedGuesses guesses,
                   SourceThrottle throttle, SecurityEvents events, Maintenance maintenance,
                   ObjectProvider<SchoolStanding> schools) {
        this.schools = schools;
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.guesses = guesses;
        this.throttle = throttle;
        this.events = events;
        this.maintenance = maintenance;
        this.dummyHash = passwordEncoder.encode("timing-equaliser-" + System.nanoTime());
    }

    /**
     * While sign-in is blocked for maintenance every refusal gets the maintenance answer, so it
     * never tells a right password from a wrong one (or an unknown account).
     */
    @Override
    public Authentication authenticate(Authentication authentication) {
        try {
            return checkPassword(authentication);
        } catch (BadCredentialsException refused) {
            if (maintenance.signInBlocked()) {
                throw new SignInBlockedException();
            }
            throw refused;
        }
    }

    private Authentication checkPassword(Authentication authentication) {
        String username = authentication.getName();
        String password = String.valueOf(authentication.getCredentials());
        Object details = authentication.getDetails();
        String sourceIp = details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "unknown";
        String deviceCookie = details instanceof SignInDetails signIn ? signIn.deviceCookie() : null;
        Optional<CustodianUser> found = accounts.findByUsername(username);
        if (throttle.isBlocked(sourceIp) || found.isEmpty()) {
            passwordEncoder.matches(password, dummyHash);
            throttle.recordFailure(sourceIp);
            throw new BadCredentialsException(REFUSAL);
        }
        CustodianUser user = found.get();
        GuessingClient client = guesses.client(user, deviceCookie);
        if (guesses.locked(client)) {
            passwordEncoder.matches(password, dummyHash);
            events.record(SecurityEventType.SIGN_IN_REFUSED_LOCKED, user, null, null);
            throw new BadCredentialsException(REFUSAL);
        }
        boolean matches = passwordEncoder.matches(password, user.getPassword());
        if (!matches || !user.isEnabled()) {
            throttle.recordFailure(sourceIp);
            guesses.record(user, client, SecurityEventType.SIGN_IN_FAILED, matches ? "disabled" : null);
            throw new BadCredentialsException(REFUSAL);
        }
        if (user.schoolId() != null && !schools.stream().allMatch(standing -> standing.admitsSignIn(user.schoolId(), user.role()))) {
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
        staged.setDetails(details instanceof SignInDetails signIn ? signIn.withoutDeviceCookie() : details);
        return staged;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
