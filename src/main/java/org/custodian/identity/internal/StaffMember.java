package org.custodian.identity.internal;

import java.time.Instant;
import java.util.UUID;

import org.custodian.identity.Role;

/** One account of a school's staff, as Manage Users shows it. Holds a name and email: see toString. */
record StaffMember(UUID id, String name, String username, Role role, StaffStatus status, Instant lockedUntil,
                   Instant invitationExpiresAt, Instant lastSignInAt, boolean secondFactorEnrolled,
                   Instant createdAt) {

    public boolean enabled() {
        return status != StaffStatus.DISABLED;
    }

    public boolean invitationPending() {
        return status == StaffStatus.INVITED || status == StaffStatus.INVITATION_EXPIRED;
    }

    /** Ids and role only: the name and email are personal data. */
    @Override
    public String toString() {
        return "StaffMember[id=" + id + ", role=" + role + ", status=" + status + "]";
    }
}
