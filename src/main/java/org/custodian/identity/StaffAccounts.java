package org.custodian.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A school's accounts as other modules need them (the termly access review), and disabling one. */
public interface StaffAccounts {

    /** Every account of the school, by name. */
    List<StaffAccount> of(UUID schoolId);

    /**
     * Disables one of the school's accounts: it can no longer sign in, its sessions end, and
     * {@link SecurityEventType#USER_DISABLED} is recorded with {@code detail}. Another school's
     * account is refused exactly like an unknown one ({@code user-not-found}). Returns false, and
     * records nothing, when the account was already disabled.
     */
    /**
     * The names of those of the given accounts that belong to the school and are not removed,
     * decrypting only those (unlike {@link #of}, which decrypts the whole staff list).
     */
    java.util.Map<UUID, String> displayNames(UUID schoolId, java.util.Collection<UUID> userIds);

    boolean disable(UUID schoolId, UUID userId, CustodianUser actor, String detail);

    /** The school's accounts that were erased (their names are gone; records show them as erased). */
    java.util.Set<UUID> erased(UUID schoolId);

    /**
     * One account. The name and username are personal data: {@link #toString()} shows neither.
     *
     * @param lastSignInAt the last completed sign-in, or null if the person never signed in
     */
    record StaffAccount(UUID id, String displayName, String username, Role role, boolean enabled,
                        Instant createdAt, Instant lastSignInAt) {

        /** The last time the person was seen: their last sign-in or, if they never signed in, the account's creation. */
        public Instant lastActiveAt() {
            return lastSignInAt != null ? lastSignInAt : createdAt;
        }

        @Override
        public String toString() {
            return "StaffAccount[id=" + id + ", role=" + role + ", enabled=" + enabled + "]";
        }
    }
}
