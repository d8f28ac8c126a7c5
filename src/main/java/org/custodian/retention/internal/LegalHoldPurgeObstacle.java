package org.custodian.retention.internal;

import java.util.List;
import java.util.UUID;

import org.custodian.rights.LegalHolds;
import org.custodian.schools.PurgeObstacles;
import org.springframework.stereotype.Component;

/** Any standing legal hold at the school, whatever its scope, stops the purge: the purge would delete what it holds. */
@Component
class LegalHoldPurgeObstacle implements PurgeObstacles {

    private final LegalHolds holds;

    LegalHoldPurgeObstacle(LegalHolds holds) {
        this.holds = holds;
    }

    @Override
    public List<Obstacle> obstaclesToPurging(UUID schoolId) {
        int standing = holds.standingHolds(schoolId).size();
        return standing == 0 ? List.of() : List.of(new Obstacle(Kind.LEGAL_HOLD, "The school is under " + standing
                + (standing == 1 ? " legal hold" : " legal holds")
                + ": it is not purged until the school lifts " + (standing == 1 ? "it." : "them.")));
    }
}
