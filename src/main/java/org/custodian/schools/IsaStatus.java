package org.custodian.schools;

import java.time.Instant;

/**
 * Where a school stands with the agreement.
 *
 * @param current        the version in force (null if the operator has published none)
 * @param accepted       the school's latest acceptance (null if none)
 * @param graceEndsAt    set while the school may still work under an earlier acceptance
 */
public record IsaStatus(IsaVersion current, IsaAcceptance accepted, Instant graceEndsAt) {

    public boolean acceptedCurrent() {
        return current != null && accepted != null && accepted.isaVersionId().equals(current.id());
    }

    /** Whether pupil data may be processed now. */
    public boolean permitsProcessing() {
        return acceptedCurrent() || graceEndsAt != null;
    }
}
