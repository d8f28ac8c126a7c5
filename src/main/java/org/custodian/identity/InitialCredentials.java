package org.custodian.identity;

import java.io.PrintStream;

/**
 * Shows a first password once, on the console only. It deliberately bypasses the logging system
 * so the password never reaches a log file or log shipper; it must be changed at first sign-in.
 */
public final class InitialCredentials {

    private static final PrintStream CONSOLE = System.out;

    private InitialCredentials() {
    }

    public static void announce(String purpose, String username, OneTimePassword password) {
        CONSOLE.printf("%n=================================================================%n"
                + "  %s%n  Sign in at https://localhost:8443 as%n    username: %s%n    one-time password: %s%n"
                + "  This is shown once and never logged; you must change it at first sign-in.%n"
                + "=================================================================%n%n",
                purpose, username, password.value());
        CONSOLE.flush();
    }
}
