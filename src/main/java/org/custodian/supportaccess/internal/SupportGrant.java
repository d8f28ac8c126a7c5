package org.custodian.supportaccess.internal;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.custodian.pupils.OptionalCategory;

/**
 * One consent: the school's core pupil record plus {@code categories}, read or also change, until
 * {@code expiresAt} unless revoked first; {@code engineerId} null means any support engineer. The
 * reason is the school's own words and is never printed. Public only for the pages' expressions.
 */
public record SupportGrant(UUID schoolId, UUID id, Mode mode, Set<OptionalCategory> categories, String reason,
                    UUID engineerId, UUID grantedBy, UUID revokedBy, Instant grantedAt, Instant expiresAt,
                    Instant revokedAt, Instant summarySentAt) {

    public enum Mode {
        READ, CHANGE
    }

    public SupportGrant {
        categories = categories.isEmpty() ? Set.of() : java.util.EnumSet.copyOf(categories);
    }

    public boolean liveAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    /** When the grant stopped (or will stop) letting support in. */
    public Instant endedAt() {
        return revokedAt != null && revokedAt.isBefore(expiresAt) ? revokedAt : expiresAt;
    }

    public String status(Instant now) {
        return liveAt(now) ? "live" : revokedAt != null ? "revoked" : "expired";
    }

    boolean covers(UUID engineer) {
        return engineerId == null || engineerId.equals(engineer);
    }

    @Override
    public String toString() {
        return "SupportGrant[id=" + id + ", school=" + schoolId + ", mode=" + mode + "]";
    }
}
