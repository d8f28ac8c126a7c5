package org.custodian.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Free text sent in a header (a reason, for instance) is UTF-8, raw or percent-encoded. The servlet
 * container hands header bytes over one per character (ISO-8859-1), so "Zoë" arrives as "ZoÃ«"
 * unless its bytes are read again as UTF-8, which this does. A value with {@code %XX} escapes is
 * percent-decoded (a literal per cent sign is then sent as {@code %25}). Bytes that are not UTF-8,
 * and control characters, are refused with {@code header-not-utf8}; the value itself is never
 * logged or quoted.
 */
public final class HeaderText {

    private HeaderText() {
    }

    /** The header's text as the client meant it; null stays null. */
    public static String decode(String header, String name) {
        if (header == null) {
            return null;
        }
        byte[] bytes;
        if (percentEncoded(header)) {
            bytes = percentDecoded(header, name);
        } else {
            bytes = new byte[header.length()];
            for (int i = 0; i < header.length(); i++) {
                char c = header.charAt(i);
                if (c > 0xFF) {
                    // Already decoded by something upstream: take it as it is.
                    return checked(header, name);
                }
                bytes[i] = (byte) c;
            }
        }
        return checked(utf8(bytes, name), name);
    }

    /**
     * What the security firewall lets through: a value without control characters once its bytes
     * are read as UTF-8. A value that is not UTF-8 passes, so that the header's reader refuses it
     * with its own code ({@code header-not-utf8}) or ignores it, as it does with anything it does not use.
     */
    public static boolean firewallAllows(String header) {
        if (header == null) {
            return true;
        }
        if (header.chars().anyMatch(c -> c > 0xFF)) {
            return header.codePoints().noneMatch(Character::isISOControl);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header.getBytes(StandardCharsets.ISO_8859_1))).toString();
            return text.codePoints().noneMatch(Character::isISOControl);
        } catch (CharacterCodingException notUtf8) {
            return header.chars().noneMatch(c -> c < 0x20 || c == 0x7F);
        }
    }

    /**
     * At least one {@code %XX} escape and every per cent sign the start of one. A scan, not a
     * regular expression: Java's matcher recurses once per character on such a pattern and overflows
     * the stack on a header of a few thousand characters.
     */
    private static boolean percentEncoded(String header) {
        boolean escaped = false;
        for (int i = header.indexOf('%'); i >= 0; i = header.indexOf('%', i + 3)) {
            if (i + 2 >= header.length() || !hexDigit(header.charAt(i + 1)) || !hexDigit(header.charAt(i + 2))) {
                return false;
            }
            escaped = true;
        }
        return escaped;
    }

    /** ASCII only: {@link Character#digit} would take other scripts' digits too. */
    private static boolean hexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }

    private static byte[] percentDecoded(String header, String name) {
        byte[] out = new byte[header.length()];
        int n = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '%') {
                out[n++] = (byte) Integer.parseInt(header, i + 1, i + 3, 16);
                i += 2;
            } else if (c > 0x7F) {
                throw refused(name);
            } else {
                out[n++] = (byte) c;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static String utf8(byte[] bytes, String name) {
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return text.toString();
        } catch (CharacterCodingException e) {
            throw refused(name);
        }
    }

    private static String checked(String text, String name) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            // A surrogate here has no partner: not text (PostgreSQL would refuse to store it).
            if (Character.isISOControl(codePoint) || !Character.isDefined(codePoint)
                    || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
                throw refused(name);
            }
            i += Character.charCount(codePoint);
        }
        return text;
    }

    private static ProblemException refused(String name) {
        return ProblemException.badRequest("header-not-utf8", "The " + name
                + " header must be UTF-8 text without control characters (raw, or percent-encoded).");
    }
}
