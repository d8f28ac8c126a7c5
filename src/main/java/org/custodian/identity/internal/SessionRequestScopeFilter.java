package org.custodian.identity.internal;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Opens and closes {@link SparingSessionRepository}'s per-request scope around everything else,
 * Spring Session's own filter included (registered first, for every dispatch), so a session loaded
 * in one request is never handed to the next request on the same thread.
 */
class SessionRequestScopeFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean opened = SparingSessionRepository.openRequestScope();
        try {
            chain.doFilter(request, response);
        } finally {
            if (opened) {
                SparingSessionRepository.closeRequestScope();
            }
        }
    }
}
