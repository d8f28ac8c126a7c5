package org.custodian.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What an admin may know about one API token: never the secret or its hash. {@code prefix} is the
 * secret's first 8 characters ({@code cst_} and 4 more), enough to tell tokens apart.
 */
public record ApiToken(UUID id, String label, List<String> scopes, String prefix, Instant createdAt,
                       UUID createdBy, Instant expiresAt, Instant lastUsedAt, Instant revokedAt, UUID revokedBy) {

    public boolean isActive(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** {@code active}, {@code revoked} or {@code expired}. */
    public String status(Instant now) {
        return revokedAt != null ? "revoked" : isActive(now) ? "active" : "expired";
    }
}
