package org.custodian.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.custodian.identity.CustodianUser;
import org.custodian.web.ClientAddress;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.IndexResolver;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * What a session carries once its sign-in is complete, for "who is signed in now": when, from
 * which address and browser. Plain JDK values only, so a session written by one version of the
 * application still reads in the next.
 */
@Component
@EnableConfigurationProperties(SessionPolicyProperties.class)
class SignedInSessions {

    static final String SIGNED_IN_AT = "org.custodian.session.signedInAt";
    static final String SOURCE_IP = "org.custodian.session.sourceIp";
    static final String USER_AGENT = "org.custodian.session.userAgent";

    private final Clock clock;
    private final SessionPolicyProperties properties;

    SignedInSessions(Clock clock, SessionPolicyProperties properties) {
        this.clock = clock;
        this.properties = properties;
    }

    /** Called once the person holds their permissions: marks the session and applies the idle timeout. */
    void signedIn(HttpServletRequest request) {
        HttpSession session = request.getSession();
        session.setAttribute(SIGNED_IN_AT, clock.instant());
        session.setAttribute(SOURCE_IP, ClientAddress.of(request));
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.length() > JdbcSecurityEvents.MAX_USER_AGENT) {
            agent = agent.substring(0, JdbcSecurityEvents.MAX_USER_AGENT);
        }
        session.setAttribute(USER_AGENT, agent);
        session.setMaxInactiveInterval(Math.toIntExact(properties.idleTimeout().toSeconds()));
    }

    static Instant signedInAt(Session session) {
        return session.getAttribute(SIGNED_IN_AT);
    }

    /**
     * Indexes every session by its user's id rather than the username: the index then joins
     * {@code user_account} (whose row-level security scopes it to a school), holds no personal
     * data, and a user's sessions are found even after a username changes.
     */
    static IndexResolver<Session> userIdIndex() {
        return session -> session.getAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) instanceof SecurityContext context
                && context.getAuthentication() != null
                && context.getAuthentication().getPrincipal() instanceof CustodianUser user
                ? Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user.id().toString())
                : Map.of();
    }
}
