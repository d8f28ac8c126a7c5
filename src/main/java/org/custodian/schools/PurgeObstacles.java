package org.custodian.schools;

import java.util.List;
import java.util.UUID;

/**
 * What stands in the way of purging a school, from the modules that know (a legal hold lives in the
 * rights module, which depends on this one). A school with an obstacle is not moved to
 * {@link SchoolState#PURGED}: the transition is refused with the obstacle's problem code.
 */
public interface PurgeObstacles {

    List<Obstacle> obstaclesToPurging(UUID schoolId);

    /** {@code detail} says why, without personal data (the platform page shows it). */
    record Obstacle(Kind kind, String detail) {
    }

    /** Each kind is refused with its own problem code: {@code LEGAL_HOLD}, {@code school-under-legal-hold}. */
    enum Kind { LEGAL_HOLD }
}
