package org.custodian.identity.internal;

import java.io.Serial;

import org.springframework.security.authentication.DisabledException;

/**
 * The account's school is terminated or purged. Told apart from a wrong password (the sign-in page
 * says why) only after the right password, so it reveals nothing to someone guessing.
 */
final class SchoolClosedException extends DisabledException {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String PATH = "/login?school-closed";

    SchoolClosedException() {
        super("The account's school no longer uses Custodian");
    }
}
