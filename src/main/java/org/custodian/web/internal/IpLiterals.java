package org.custodian.web.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Reads IP address literals, never host names: {@link InetAddress#getByName} would look a name up in
 * DNS, and these strings may come from a request header.
 */
final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Hex groups and colons, optionally ending in a dotted IPv4 part; no zone, so nothing but a literal. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]{2,39}(:[0-9.]{7,15})?");

    private IpLiterals() {
    }

    /** The address, or {@code null} if the text is not an IPv4 or IPv6 literal. */
    static InetAddress parse(String text) {
        boolean literal = IPV4.matcher(text).matches() || text.indexOf(':') >= 0 && IPV6.matcher(text).matches();
        if (!literal) {
            return null;
        }
        try {
            // A dotted quad or a text containing ':' is parsed as a literal or refused, never resolved.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
