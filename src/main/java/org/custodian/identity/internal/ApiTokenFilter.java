package org.custodian.identity.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.custodian.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates API requests that carry {@code Authorization: Bearer cst_…}. Such a request is
 * stateless: it never reads or creates a session (the request it passes on has none), so it needs
 * no CSRF token, and a bad token is refused with 401 rather than falling back to a session cookie
 * that came along. Pages do not take tokens: a bearer token there is refused too.
 */
@Component
class ApiTokenFilter extends OncePerRequestFilter {

    static final String API_PREFIX = "/api/v1/";
    private static final String BEARER = "bearer ";

    private final JdbcApiTokens tokens;
    private final JsonMapper json;

    ApiTokenFilter(JdbcApiTokens tokens, JsonMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    /** Whether the request presents a bearer token (the security configuration exempts these from CSRF). */
    static boolean isBearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && (header.strip().equalsIgnoreCase(BEARER.strip())
                || header.regionMatches(true, 0, BEARER, 0, BEARER.length()));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isBearer(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Replaces the context that would be loaded from a session cookie sent along: nothing from
        // here on (not even the token lookup's transaction, which asks who is signed in) reads the session.
        SecurityContextHolder.setContext(SecurityContextHolder.createEmptyContext());
        if (!request.getRequestURI().startsWith(API_PREFIX)) {
            refuse(response, "invalid_request", "token-not-accepted",
                    "API tokens are accepted on the API (" + API_PREFIX + ") only.");
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION).strip();
        String secret = header.length() <= BEARER.length() ? "" : header.substring(BEARER.length()).strip();
        var principal = tokens.authenticate(secret);
        if (principal.isEmpty()) {
            refuse(response, "invalid_token", "invalid-token", "The API token is unknown, revoked or expired.");
            return;
        }
        SecurityContextHolder.setContext(new SecurityContextImpl(new ApiTokenAuthentication(principal.get())));
        chain.doFilter(new Sessionless(request), response);
    }

    /** {@code error} is the RFC 6750 error code for the challenge; {@code code} our problem code. */
    private void refuse(HttpServletResponse response, String error, String code, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"" + error + "\"");
        SecurityConfiguration.write(response, json, Problems.of(HttpStatus.UNAUTHORIZED, code, detail));
    }

    /** The request as the rest of the chain sees it: without a session, and unable to start one. */
    private static final class Sessionless extends HttpServletRequestWrapper {

        Sessionless(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpSession getSession(boolean create) {
            if (create) {
                throw new IllegalStateException("A request made with an API token has no session");
            }
            return null;
        }

        @Override
        public HttpSession getSession() {
            return getSession(true);
        }

        @Override
        public String getRequestedSessionId() {
            return null;
        }

        @Override
        public boolean isRequestedSessionIdValid() {
            return false;
        }
    }
}
