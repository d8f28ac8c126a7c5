package org.custodian.web.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client addresses proxies put in front of a request, left (the original client) to right (the
 * hop just before the peer): from {@code Forwarded} (RFC 7239) if present, otherwise from
 * {@code X-Forwarded-For}. Several header lines read as one list, in order. An element naming no
 * address ({@code unknown}, an obfuscated node) is {@code null}: nothing can be said beyond it.
 */
final class ForwardedChain {

    static final String FORWARDED = "Forwarded";
    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private ForwardedChain() {
    }

    /** Empty when neither header is present; {@link Malformed} when one is present but cannot be read. */
    static List<InetAddress> of(HttpServletRequest request) {
        String forwarded = joined(request, FORWARDED);
        if (forwarded != null) {
            return fromForwarded(forwarded);
        }
        String forwardedFor = joined(request, X_FORWARDED_FOR);
        return forwardedFor == null ? List.of() : fromForwardedFor(forwardedFor);
    }

    private static String joined(HttpServletRequest request, String name) {
        List<String> lines = Collections.list(request.getHeaders(name));
        return lines.isEmpty() ? null : String.join(",", lines);
    }

    static List<InetAddress> fromForwardedFor(String header) {
        List<InetAddress> chain = new ArrayList<>();
        for (String element : header.split(",", -1)) {
            String node = element.strip();
            if (node.equalsIgnoreCase("unknown")) {
                chain.add(null);
            } else {
                chain.add(address(node.startsWith("[") && node.endsWith("]") ? node.substring(1, node.length() - 1) : node));
            }
        }
        return chain;
    }

    /** {@code for} of each element; other parameters are read only to find their end. */
    static List<InetAddress> fromForwarded(String header) {
        List<InetAddress> chain = new ArrayList<>();
        for (List<String[]> element : elements(header)) {
            String node = null;
            for (String[] pair : element) {
                if (pair[0].equalsIgnoreCase("for")) {
                    if (node != null) {
                        throw new Malformed();
                    }
                    node = pair[1];
                }
            }
            if (node == null) {
                throw new Malformed();
            }
            chain.add(forwardedNode(node));
        }
        return chain;
    }

    /** RFC 7239 node: an IPv4 address, a bracketed IPv6 address, either with a port, or an unknown/obfuscated one. */
    private static InetAddress forwardedNode(String node) {
        if (node.equalsIgnoreCase("unknown") || node.startsWith("_")) {
            return null;
        }
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0 || !port(node.substring(close + 1))) {
                throw new Malformed();
            }
            return address(node.substring(1, close));
        }
        int colon = node.indexOf(':');
        if (colon >= 0 && !port(node.substring(colon))) {
            throw new Malformed();
        }
        return address(colon < 0 ? node : node.substring(0, colon));
    }

    private static boolean port(String suffix) {
        return suffix.isEmpty() || suffix.matches(":(\\d{1,5}|_[A-Za-z0-9._-]+)");
    }

    private static InetAddress address(String text) {
        InetAddress address = IpLiterals.parse(text);
        if (address == null) {
            throw new Malformed();
        }
        return address;
    }

    /** Splits into elements (by ',') of pairs (by ';') of token '=' value, honouring quoted strings. */
    private static List<List<String[]>> elements(String header) {
        List<List<String[]>> elements = new ArrayList<>();
        List<String[]> pairs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < header.length()) {
                    current.append(header.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                    current.append(c);
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                current.append(c);
            } else if (c == ';' || c == ',') {
                pairs.add(pair(current.toString()));
                current.setLength(0);
                if (c == ',') {
                    elements.add(pairs);
                    pairs = new ArrayList<>();
                }
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new Malformed();
        }
        pairs.add(pair(current.toString()));
        elements.add(pairs);
        return elements;
    }

    private static String[] pair(String text) {
        String pair = text.strip();
        int equals = pair.indexOf('=');
        if (equals <= 0) {
            throw new Malformed();
        }
        String name = pair.substring(0, equals).strip().toLowerCase(Locale.ROOT);
        String value = pair.substring(equals + 1).strip();
        if (!name.matches("[a-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new Malformed();
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        } else if (value.contains("\"") || value.isEmpty()) {
            throw new Malformed();
        }
        return new String[] {name, value};
    }

    /** A forwarding header that cannot be read; carries nothing of the header's value. */
    static final class Malformed extends RuntimeException {
        Malformed() {
            super("malformed forwarding header", null, false, false);
        }
    }
}
