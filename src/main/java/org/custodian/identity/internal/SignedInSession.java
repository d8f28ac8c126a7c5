package org.custodian.identity.internal;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.custodian.identity.Role;

/**
 * One fully signed-in session as an administrator sees it (page and API). {@code id} names the
 * session for revoking; it is not the session id, which would let its reader take the session over.
 */
record SignedInSession(UUID id, UUID userId, UUID schoolId, String displayName, Role role, Instant signedInAt,
                       Instant lastActivityAt, String sourceIp, String browser, String userAgent, boolean current) {

    @Override
    public String toString() {
        return "SignedInSession[id=" + id + ", userId=" + userId + ", schoolId=" + schoolId + ", role=" + role
                + ", current=" + current + "]";
    }

    /** "School admin", "Exam supervisor", ... */
    public String roleName() {
        String name = role.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** A short description such as "Firefox on Windows", enough to recognise one's own devices. */
    static String browser(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown browser";
        }
        String product = userAgent.split("[/ ]", 2)[0];
        String browser = userAgent.contains("Edg/") ? "Edge"
                : userAgent.contains("OPR/") ? "Opera"
                : userAgent.contains("Firefox/") ? "Firefox"
                : userAgent.contains("Chrome/") || userAgent.contains("Chromium/") ? "Chrome"
                : userAgent.contains("Safari/") ? "Safari"
                : product.substring(0, Math.min(40, product.length()));
        String system = userAgent.contains("Windows") ? "Windows"
                : userAgent.contains("iPhone") || userAgent.contains("iPad") ? "iOS"
                : userAgent.contains("Android") ? "Android"
                : userAgent.contains("Mac OS X") ? "macOS"
                : userAgent.contains("CrOS") ? "ChromeOS"
                : userAgent.contains("Linux") ? "Linux"
                : null;
        return system == null ? browser : browser + " on " + system;
    }
}
