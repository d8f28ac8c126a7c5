package org.custodian.identity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seed password rule (DOMAIN.md §8): at least 8 characters with a lower-case letter, an
 * upper-case letter and a digit, at most 128, and not containing the username. The
 * identity-hardening issue replaces this with the full Passay policy and deny-list.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 128;

    private PasswordPolicy() {
    }

    /** Every rule the password breaks, as messages for the person choosing it. */
    static List<String> violations(String password, String username) {
        List<String> problems = new ArrayList<>();
        if (password == null || password.length() < MIN_LENGTH) {
            problems.add("Use at least " + MIN_LENGTH + " characters.");
        }
        if (password != null && password.length() > MAX_LENGTH) {
            problems.add("Use at most " + MAX_LENGTH + " characters.");
        }
        if (password == null || password.chars().noneMatch(Character::isLowerCase)) {
            problems.add("Include a lower-case letter.");
        }
        if (password == null || password.chars().noneMatch(Character::isUpperCase)) {
            problems.add("Include an upper-case letter.");
        }
        if (password == null || password.chars().noneMatch(Character::isDigit)) {
            problems.add("Include a digit.");
        }
        if (password != null && username != null && !username.isBlank()) {
            String lower = password.toLowerCase(Locale.ROOT);
            String name = username.toLowerCase(Locale.ROOT);
            String localPart = name.contains("@") ? name.substring(0, name.indexOf('@')) : name;
            if (lower.contains(name) || (localPart.length() >= 3 && lower.contains(localPart))) {
                problems.add("Do not include your username or email address.");
            }
        }
        return problems;
    }
}
