package org.custodian.identity.internal;

import java.io.Serial;

import org.springframework.security.authentication.DisabledException;

/**
 * Sign-in is paused for maintenance. While it is, every refused sign-in gets this answer (the
 * sign-in page says why), whether the password was right or wrong and whether the account exists,
 * so it reveals nothing about either.
 */
final class SignInBlockedException extends DisabledException {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String PATH = "/login?maintenance";

    SignInBlockedException() {
        super("Signing in is paused for maintenance");
    }
}
