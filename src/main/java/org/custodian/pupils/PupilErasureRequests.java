package org.custodian.pupils;

import java.util.UUID;

/**
 * Where a request to erase a pupil goes (the pupil API's {@code DELETE}): the erasure takes effect
 * only once a second authorised person confirms it, unless the school has switched that rule off.
 * Implemented by the rights module, which depends on this one (so this module cannot call it by name).
 */
public interface PupilErasureRequests {

    /**
     * Records a request to erase the pupil, checked as {@link PupilRecords#requireErasable} checks it;
     * or erases the pupil at once under {@code context} when the school's two-person rule is off.
     */
    Requested request(AccessContext context, UUID pupilId);

    /** The erasure's id, and whether it still waits for confirmation (false: the pupil is erased). */
    record Requested(UUID erasureId, boolean pending) {
    }
}
