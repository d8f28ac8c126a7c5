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

    /** {@code code} is the problem code of the refusal; {@code detail} says why, without personal data. */
    record Obstacle(String code, String detail) {
    }
}
