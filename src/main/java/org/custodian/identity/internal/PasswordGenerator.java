package org.custodian.identity.internal;

import java.security.SecureRandom;

import org.custodian.identity.OneTimePassword;

/** Random one-time passwords: 20 characters from an alphabet without look-alikes, every class present. */
final class PasswordGenerator {

    private static final String LOWER = "abcdefghjkmnpqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String DIGITS = "23456789";
    private static final String ALL = LOWER + UPPER + DIGITS;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordGenerator() {
    }

    static OneTimePassword generate() {
        StringBuilder password = new StringBuilder();
        password.append(pick(LOWER)).append(pick(UPPER)).append(pick(DIGITS));
        while (password.length() < 20) {
            password.append(pick(ALL));
        }
        // Shuffle so the guaranteed classes are not always in front.
        for (int i = password.length() - 1; i > 0; i--) {
            int j = RANDOM.nextInt(i + 1);
            char c = password.charAt(i);
            password.setCharAt(i, password.charAt(j));
            password.setCharAt(j, c);
        }
        return new OneTimePassword(password.toString());
    }

    private static char pick(String alphabet) {
        return alphabet.charAt(RANDOM.nextInt(alphabet.length()));
    }
}
