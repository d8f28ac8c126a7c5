package org.custodian.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * Erasing a member of staff (a data subject, like pupils): their data key is destroyed, so their
 * name and username become unreadable everywhere (backups too); their sessions end; invitations,
 * second factor, recovery codes and trusted browsers go; the account row stays (the access log and
 * events name its id) without its username index, and a tombstone keeps only the username's blind
 * index, the date and the rights request answered. Every call is scoped to the actor's school: another
 * school's account is refused like an unknown one ({@code user-not-found}).
 */
public interface StaffErasure {

    /**
     * Checks, changing nothing, that {@code actor} may have the account erased: it exists and is not
     * erased ({@code user-not-found}), it is not the actor's own ({@code cannot-erase-own-account}),
     * and it is not the school's last enabled school admin ({@code last-school-admin}).
     */
    void requireErasable(CustodianUser actor, UUID userId);

    /** Erases the account after the same checks; {@code requestReference} (may be null) goes on the tombstone. */
    void erase(CustodianUser actor, UUID userId, UUID requestReference);

    /** Deletes the school's staff tombstones of erasures before {@code erasedBefore}; how many. */
    int expireTombstones(UUID schoolId, Instant erasedBefore);
}
