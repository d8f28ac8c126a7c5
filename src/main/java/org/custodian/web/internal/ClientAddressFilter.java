package org.custodian.web.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.web.ClientAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Works out each request's {@link ClientAddress} before anything else looks at it. Forwarding headers
 * are believed only from a trusted proxy; one that cannot be read leaves the proxy's own address, with
 * one warning that never quotes the header.
 */
class ClientAddressFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ClientAddressFilter.class);

    private final List<AddressRange> trustedProxies;

    ClientAddressFilter(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(AddressRange::parse).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(ClientAddress.ATTRIBUTE, resolve(request));
        chain.doFilter(request, response);
    }

    String resolve(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        InetAddress current = trustedProxies.isEmpty() ? null : IpLiterals.parse(peer);
        if (current == null || !trusted(current)) {
            return peer;
        }
        List<InetAddress> chain;
        try {
            chain = ForwardedChain.of(request);
        } catch (ForwardedChain.Malformed e) {
            log.warn("A trusted proxy sent a forwarding header that cannot be read; using the proxy's address");
            return peer;
        }
        // From the peer leftwards, as long as the hop that reported the next address is trusted.
        for (int i = chain.size() - 1; i >= 0 && trusted(current); i--) {
            InetAddress next = chain.get(i);
            if (next == null) {
                break;
            }
            current = next;
        }
        return current.getHostAddress();
    }

    private boolean trusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }
}
