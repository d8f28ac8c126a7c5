package org.custodian.accesslog.internal;

import java.util.UUID;

/** Where tests stop the sequencer half-way through a batch (no implementation in the application). */
interface SequencerFaults {

    /** Called after a batch's leaves are written, before its subtree hashes and checkpoint. */
    void afterLeaves(UUID schoolId, int leaves);
}
