package org.custodian.identity;

import org.custodian.web.PublicAddress;
import org.springframework.stereotype.Component;

/**
 * Shows a first password once, on the console only. It deliberately bypasses the logging system
 * so the password never reaches a log file or log shipper; it must be changed at first sign-in.
 * The sign-in address is the configured public one ({@code custodian.public-url}).
 */
@Component
public class InitialCredentials {

    private final PublicAddress publicAddress;

    InitialCredentials(PublicAddress publicAddress) {
        this.publicAddress = publicAddress;
    }

    public void announce(String purpose, String username, OneTimePassword password) {
        // System.out at the time of writing, not one kept from start-up: the console is what it is now.
        System.out.printf("%n=================================================================%n"
                + "  %s%n  Sign in at %s as%n    username: %s%n    one-time password: %s%n"
                + "  This is shown once and never logged; you must change it at first sign-in.%n"
                + "=================================================================%n%n",
                purpose, publicAddress.link("/login"), username, password.value());
        System.out.flush();
    }
}
