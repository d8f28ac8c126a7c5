package org.custodian.crypto;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * The live key store's erasure ledger, read only: a restore of older data asks which of a school's
 * subjects were erased since, so that none of them is brought back.
 */
public interface ErasureLedger {

    /** Those of the subjects the ledger records as erased in the school. */
    Set<UUID> erased(UUID schoolId, Collection<UUID> subjectIds);
}
