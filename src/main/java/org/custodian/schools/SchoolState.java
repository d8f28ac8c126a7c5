package org.custodian.schools;

import java.util.EnumSet;
import java.util.Set;

/**
 * The subscription lifecycle: {@code TRIAL → ACTIVE → TERMINATED → PURGED}. A trial may end
 * without becoming active; a terminated school may be reinstated until it is purged; a purged
 * school is final.
 */
public enum SchoolState {
    TRIAL, ACTIVE, TERMINATED, PURGED;

    public Set<SchoolState> next() {
        return switch (this) {
            case TRIAL -> EnumSet.of(ACTIVE, TERMINATED);
            case ACTIVE -> EnumSet.of(TERMINATED);
            case TERMINATED -> EnumSet.of(ACTIVE, PURGED);
            case PURGED -> EnumSet.noneOf(SchoolState.class);
        };
    }

    /**
     * Whether the school is in service: it may process pupil data and its people may sign in. A
     * terminated school processes nothing (its data waits for the retention work to return or delete
     * it); a purged school has nothing left to process.
     */
    public boolean inService() {
        return this == TRIAL || this == ACTIVE;
    }

    public boolean canMoveTo(SchoolState target) {
        return next().contains(target);
    }
}
