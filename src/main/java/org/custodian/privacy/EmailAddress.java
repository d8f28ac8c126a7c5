package org.custodian.privacy;

import java.util.Locale;
import java.util.regex.Pattern;

/** An email address, compared case-insensitively (stored lower-case). */
@PersonalData
public record EmailAddress(String value) {

    // Deliberately simple: one @, a dot in the domain, no spaces. Delivery proves the rest.
    private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]{2,63}");

    public EmailAddress {
        if (value == null || !SHAPE.matcher(value.strip()).matches() || value.strip().length() > 254) {
            throw new IllegalArgumentException("Not a valid email address");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
    }

    public static boolean isValid(String value) {
        try {
            new EmailAddress(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "EmailAddress[redacted]";
    }
}
