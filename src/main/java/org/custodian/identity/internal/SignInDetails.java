package org.custodian.identity.internal;

import java.io.Serial;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.custodian.web.ClientAddress;

import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * What the password step knows about the request: the address (per-address throttle) and the
 * device cookie it carries, if any. The cookie is the browser's secret: it is never serialised
 * into the session, and {@link #withoutDeviceCookie()} is what the sign-in keeps.
 */
final class SignInDetails extends WebAuthenticationDetails {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient String deviceCookie;

    SignInDetails(HttpServletRequest request) {
        // The client behind a trusted proxy, not the proxy.
        super(ClientAddress.of(request), sessionId(request));
        this.deviceCookie = DeviceCookies.presented(request);
    }

    private static String sessionId(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : session.getId();
    }

    /** The presented device cookie's value, or null. */
    String deviceCookie() {
        return deviceCookie;
    }

    WebAuthenticationDetails withoutDeviceCookie() {
        return new WebAuthenticationDetails(getRemoteAddress(), getSessionId());
    }

    @Override
    public String toString() {
        return "SignInDetails[deviceCookie=" + (deviceCookie == null ? "none" : "presented") + "]";
    }
}
