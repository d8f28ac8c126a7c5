package org.custodian.retention;

import java.util.Optional;
import java.util.UUID;

/**
 * The purge at the end of a school's contract: every row of the school in every table is deleted,
 * its keysets and subject keys with them, keeping only the school's id, name, dates, state changes,
 * the purge report and deletion certificates. It runs when the school is moved to PURGED (by the
 * daily job at the end of the grace period, or by a platform admin), never under a legal hold.
 */
public interface SchoolPurges {

    /**
     * Purges a school already marked PURGED and records the report; a school already purged gets its
     * recorded report back (idempotent). Publishes {@link SchoolPurged}.
     */
    PurgeReport purge(UUID schoolId);

    /** The report of the school's purge, if it has been purged. */
    Optional<PurgeReport> report(UUID schoolId);
}
