package org.custodian.identity.internal;

import java.io.Serial;

import org.springframework.security.authentication.DisabledException;

/**
 * Sign-in is paused for maintenance. It is told apart from a wrong password (the sign-in page says
 * why) without revealing anything about the account: it applies to everyone who cannot lift it,
 * and only after the right password.
 */
final class SignInBlockedException extends DisabledException {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String PATH = "/login?maintenance";

    SignInBlockedException() {
        super("Signing in is paused for maintenance");
    }
}
