package org.custodian.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * One recorded event. {@code detail} is a short code-like note (e.g. a new role), never free text
 * with personal data. Retention category: "login/IP and user-ID records".
 */
public record SecurityEvent(UUID id, UUID schoolId, Instant occurredAt, SecurityEventType type, UUID userId,
                            UUID actorId, String sourceIp, String userAgent, String detail) {

    public static final String RETENTION_CATEGORY = "LOGIN_RECORDS";
}
