package org.custodian.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address of the client behind a request: what every record of "from where" uses (sign-in
 * throttling, security events, sessions, agreement receipts, the access log). Nothing else reads
 * {@link HttpServletRequest#getRemoteAddr()}, which behind a reverse proxy is the proxy's address.
 *
 * <p>A filter at the very start of every request works the address out once: {@code X-Forwarded-For}
 * and {@code Forwarded} count only when the direct peer is one of {@code custodian.web.trusted-proxies}
 * (anyone else could write whatever they like into them); the client is then the right-most address
 * of the chain that is not itself a trusted proxy.
 */
public final class ClientAddress {

    /** Where the filter leaves the address it worked out. */
    public static final String ATTRIBUTE = ClientAddress.class.getName();

    private ClientAddress() {
    }

    /** The client's address; without the filter (no proxy believed) the direct peer's. */
    public static String of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String address ? address : request.getRemoteAddr();
    }
}
