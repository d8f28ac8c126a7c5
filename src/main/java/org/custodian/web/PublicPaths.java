package org.custodian.web;

import java.util.List;

/**
 * What anyone may reach without signing in, as path patterns: the security rules permit them and
 * other sites may link to or embed them. Every other page and API call needs a signed-in session
 * or an API token, and is refused to cross-site requests.
 */
public final class PublicPaths {

    public static final List<String> PATTERNS = List.of(
            "/login", "/error", "/css/**", "/js/**", "/webjars/**", "/favicon.ico",
            "/actuator/health", "/actuator/info",
            // Invitation links: the invitee has no password yet.
            "/invitations/*",
            // Forgotten passwords: asking for a link and using it happen before signing in.
            "/forgot-password", "/forgot-password/sent", "/reset-password/*",
            // The API description: endpoints and rules, no data. Partners read it before signing up.
            "/api/v1/openapi", "/api/v1/openapi/**",
            // The installation's access-log verifier keys: anyone checking a checkpoint needs them.
            "/api/v1/access-log/public-keys", "/api/v1/access-log/public-key.pem",
            // Deadline calculations: rules applied to the dates sent, no data.
            "/api/v1/deadlines/subject-rights", "/api/v1/deadlines/breach",
            // A requester's one-time bundle download: the link and a passcode sent separately stand in for a sign-in.
            "/bundle-download/*/*",
            // The cookie page: what the service sets, readable before signing in.
            "/cookies",
            // Unsubscribing from news: one click from the email, the signed token stands in for a sign-in.
            "/unsubscribe/*");

    private PublicPaths() {
    }

    public static String[] patterns() {
        return PATTERNS.toArray(String[]::new);
    }
}
