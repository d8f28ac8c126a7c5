package org.custodian.retention.internal;

import org.custodian.retention.SchoolPurges;
import org.custodian.schools.SchoolState;
import org.custodian.schools.SchoolStateChanged;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * A school moved to PURGED is purged once the move has committed. Should the purge fail, the school
 * stays PURGED without a report and the daily termination job purges it again.
 */
@Component
class PurgeOnStateChange {

    private final SchoolPurges purges;

    PurgeOnStateChange(SchoolPurges purges) {
        this.purges = purges;
    }

    @ApplicationModuleListener
    void on(SchoolStateChanged change) {
        if (change.to() == SchoolState.PURGED) {
            purges.purge(change.schoolId());
        }
    }
}
