package org.custodian.identity.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ends a session once it is older than the absolute lifetime, however active it has been, and
 * sends the person to sign in again (the API answers 401). The idle timeout alone would let a busy
 * session, or a stolen cookie kept busy, live for ever.
 *
 * <p>Spring Session stamps a session's creation with the system clock; this filter stamps it with
 * the injected {@link Clock} the first time it sees the session (the request that created it), so
 * the rule and its tests use one clock.
 */
@Component
class SessionLifetimeFilter extends OncePerRequestFilter {

    static final String CREATED_AT = "org.custodian.session.createdAt";
    static final String EXPIRED_PATH = "/login?expired";

    private final Clock clock;
    private final SessionPolicyProperties properties;
    private final SecurityEvents events;
    private final JsonMapper json;

    SessionLifetimeFilter(Clock clock, SessionPolicyProperties properties, SecurityEvents events, JsonMapper json) {
        this.clock = clock;
        this.properties = properties;
        this.events = events;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null) {
            Instant created = (Instant) session.getAttribute(CREATED_AT);
            if (created == null) {
                session.setAttribute(CREATED_AT, clock.instant());
            } else if (!clock.instant().isBefore(created.plus(properties.absoluteLifetime()))) {
                end(session, request, response);
                return;
            }
        }
        chain.doFilter(request, response);
        // A session created by this very request (the sign-in form's CSRF token) is stamped before it is stored.
        stampIfNew(request.getSession(false));
    }

    private void stampIfNew(HttpSession session) {
        try {
            if (session != null && session.getAttribute(CREATED_AT) == null) {
                session.setAttribute(CREATED_AT, clock.instant());
            }
        } catch (IllegalStateException invalidated) {
            // Signed out during this request: nothing left to stamp.
        }
    }

    private void end(HttpSession session, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof CustodianUser user) {
            events.record(SecurityEventType.SIGNED_OUT, user, null, "session-lifetime");
        }
        session.invalidate();
        SecurityContextHolder.clearContext();
        if (request.getRequestURI().startsWith("/api/")) {
            SecurityConfiguration.write(response, json, Problems.of(HttpStatus.UNAUTHORIZED, "session-expired",
                    "Your session has reached its maximum length. Sign in again."));
        } else {
            response.sendRedirect(EXPIRED_PATH);
        }
    }
}
