package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;

class SignedInSessionsTests {

    private static final Instant NOW = Instant.parse("2026-09-01T07:30:00Z");

    @Test
    void aCompletedSignInRecordsWhenWhereAndWhichBrowserAndAppliesTheConfiguredIdleTimeout() {
        var sessions = new SignedInSessions(Clock.fixed(NOW, ZoneOffset.UTC),
                new SessionPolicyProperties(Duration.ofMinutes(45), Duration.ofHours(12), Duration.ofMinutes(1)));
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("192.0.2.10");
        request.addHeader("User-Agent", "x".repeat(400));

        sessions.signedIn(request);

        var session = request.getSession();
        assertThat(session.getMaxInactiveInterval()).isEqualTo(45 * 60);
        assertThat(session.getAttribute(SignedInSessions.SIGNED_IN_AT)).isEqualTo(NOW);
        assertThat(session.getAttribute(SignedInSessions.SOURCE_IP)).isEqualTo("192.0.2.10");
        assertThat((String) session.getAttribute(SignedInSessions.USER_AGENT)).hasSize(JdbcSecurityEvents.MAX_USER_AGENT);
    }

    @Test
    void sessionsAreIndexedByTheUserIdNotTheUsername() {
        var user = new CustodianUser(UUID.randomUUID(), UUID.randomUUID(), "someone@example.com", "Someone",
                Role.TEACHER, true, false, null);
        MapSession signedIn = new MapSession();
        signedIn.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities())));

        assertThat(SignedInSessions.userIdIndex().resolveIndexesFor(signedIn))
                .containsExactlyEntriesOf(java.util.Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME,
                        user.id().toString()));
        assertThat(SignedInSessions.userIdIndex().resolveIndexesFor(new MapSession())).isEmpty();
    }

    @Test
    void browsersAreNamedShortly() {
        assertThat(SignedInSession.browser("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"))
                .isEqualTo("Firefox on Windows");
        assertThat(SignedInSession.browser("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "HeadlessChrome/156.0.0.0 Safari/537.36")).isEqualTo("Chrome on Linux");
        assertThat(SignedInSession.browser("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                + "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")).isEqualTo("Safari on iOS");
        assertThat(SignedInSession.browser("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0")).isEqualTo("Edge on Windows");
        assertThat(SignedInSession.browser("Java-http-client/17.0.15")).isEqualTo("Java-http-client");
        assertThat(SignedInSession.browser(null)).isEqualTo("Unknown browser");
    }
}
