package org.custodian.web.internal;

import java.math.BigInteger;
import java.net.InetAddress;

/** One block of addresses in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a single address). */
record AddressRange(byte[] network, int prefixLength) {

    static AddressRange parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        InetAddress address = IpLiterals.parse(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("custodian.web.trusted-proxies: '" + cidr + "' is not an IP address or CIDR range");
        }
        byte[] bytes = address.getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = text.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("custodian.web.trusted-proxies: '" + cidr + "' has an invalid prefix length");
            }
            prefix = Integer.parseInt(length);
        }
        return new AddressRange(bytes, prefix);
    }

    /** An IPv4 address never matches an IPv6 range or the other way round. */
    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int shift = network.length * 8 - prefixLength;
        return new BigInteger(1, candidate).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
    }
}
