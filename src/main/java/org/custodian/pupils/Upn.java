package org.custodian.pupils;

import java.util.regex.Pattern;

/**
 * The DfE Unique Pupil Number (DOMAIN §3): check letter, LA code (3 digits), establishment number
 * (4), year allocated (2) and serial (3 digits, or 2 digits and a letter for a temporary UPN). The
 * check letter is the sum over positions 2..13 of value × position, modulo 23, mapped through
 * {@link #ALPHABET}.
 */
public final class Upn {

    /** A to Z without I, O and S: check letters, and the final letter of a temporary UPN. */
    public static final String ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ";

    private static final Pattern SHAPE = Pattern.compile("[" + ALPHABET + "][0-9]{11}[0-9" + ALPHABET + "]");

    private Upn() {
    }

    /** True when {@code upn} has the right shape and its check letter is correct. */
    public static boolean isValid(String upn) {
        return upn != null && SHAPE.matcher(upn).matches() && upn.charAt(0) == checkLetter(upn.substring(1));
    }

    public static boolean isTemporary(String upn) {
        return isValid(upn) && Character.isLetter(upn.charAt(12));
    }

    /** The check letter for the 12 characters after it (LA, establishment, year, serial). */
    public static char checkLetter(String body) {
        if (body.length() != 12) {
            throw new IllegalArgumentException("a UPN body has 12 characters");
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += value(body.charAt(i), i == 11) * (i + 2);
        }
        return ALPHABET.charAt(sum % 23);
    }

    private static int value(char c, boolean last) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int index = ALPHABET.indexOf(c);
        if (!last || index < 0) {
            throw new IllegalArgumentException("only the final UPN character may be a letter, and not I, O or S");
        }
        return index;
    }
}
