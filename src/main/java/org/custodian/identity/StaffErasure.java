package org.custodian.identity;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
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

    /**
     * Deletes the school's staff tombstones of erasures before {@code erasedBefore} (the retention
     * sweep's expiry of them); the ids and times of those it deleted.
     */
    List<Expired> expireTombstones(UUID schoolId, Instant erasedBefore);

    /** The id of the actor events and the access log name for a retention sweep's erasures (no account has it). */
    UUID SWEEP_ACTOR = new UUID(0, 0x5EEE9L);

    /**
     * Up to {@code limit} accounts of the school of people who have left (removed, not yet erased)
     * whose last use (the later of the last sign-in and the removal) is before {@code lastUsedBefore},
     * least recently used first, leaving out {@code except} (staff under a legal hold). An account
     * in use (not removed) is never one.
     */
    List<LeftAccount> leftBefore(UUID schoolId, Instant lastUsedBefore, Collection<UUID> except, int limit);

    /**
     * Erases accounts of people who have left, at the end of their retention period, by the path of
     * {@link #erase} (data key destroyed, credentials and links deleted, tombstone), by the retention
     * sweep rather than a person; the ids erased (an account in use again, or already erased, is left out).
     */
    List<UUID> eraseAtEndOfRetention(UUID schoolId, List<UUID> userIds);

    record Expired(UUID id, Instant erasedAt) {
    }

    record LeftAccount(UUID id, Instant lastUsed) {
    }
}
