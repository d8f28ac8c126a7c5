package org.custodian.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * The order of sign-in steps: a second factor already set up is checked first, then a one-time
 * password is replaced, then a missing second factor is enrolled. Only when nothing is left does
 * the session get the user's permissions (and a new session id), and a browser that proved the
 * second factor gets a device cookie.
 */
@Component
@EnableConfigurationProperties(SignInProperties.class)
class SignInFlow {

    private final JdbcUserAccounts accounts;
    private final TotpSecrets totp;
    private final FailedGuesses guesses;
    private final DeviceCookies devices;
    private final SecurityEvents events;
    private final SignInProperties properties;
    private final SignedInSessions sessions;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    SignInFlow(JdbcUserAccounts accounts, TotpSecrets totp, FailedGuesses guesses, DeviceCookies devices,
               SecurityEvents events, SignInProperties properties, SignedInSessions sessions) {
        this.accounts = accounts;
        this.totp = totp;
        this.guesses = guesses;
        this.devices = devices;
        this.events = events;
        this.properties = properties;
        this.sessions = sessions;
    }

    boolean secondFactorRequired(CustodianUser user) {
        return properties.secondFactorForAllRoles() || user.isPlatformStaff() || user.has(Permission.PUPIL_DATA);
    }

    SignInStage next(StagedAuthentication sign) {
        CustodianUser user = sign.user();
        boolean enrolled = totp.isEnrolled(user.id());
        if (enrolled && !sign.secondFactorVerified()) {
            return SignInStage.VERIFY_SECOND_FACTOR;
        }
        if (accounts.findById(user.id()).map(CustodianUser::mustChangePassword).orElse(false)) {
            return SignInStage.CHANGE_PASSWORD;
        }
        if (!enrolled && secondFactorRequired(user)) {
            return SignInStage.ENROL_SECOND_FACTOR;
        }
        return SignInStage.COMPLETE;
    }

    /** Saves the sign-in as it stands and returns where the person goes next. */
    String proceed(StagedAuthentication sign, HttpServletRequest request, HttpServletResponse response) {
        SignInStage stage = next(sign);
        if (stage != SignInStage.COMPLETE) {
            save(sign, request, response);
            return stage.path();
        }
        CustodianUser user = accounts.findById(sign.user().id()).orElseThrow();
        user.eraseCredentials();
        UsernamePasswordAuthenticationToken complete =
                UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        complete.setDetails(sign.getDetails());
        // A fresh session id once the person holds permissions (session fixation).
        request.changeSessionId();
        save(complete, request, response);
        sessions.signedIn(request);
        accounts.recordSignIn(user.id());
        GuessingClient client = guesses.client(user, request);
        guesses.succeeded(client);
        if (sign.secondFactorVerified()) {
            // The browser has proven the second factor: from now on it guesses on its own budget.
            devices.issue(client, response);
        }
        events.record(SecurityEventType.SIGN_IN_SUCCEEDED, user, user, null);
        return stage.path();
    }

    void save(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
