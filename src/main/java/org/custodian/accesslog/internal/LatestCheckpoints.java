package org.custodian.accesslog.internal;

import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import org.custodian.accesslog.AccessLogCheckpoints;
import org.custodian.tenancy.Tenancy;
import org.springframework.stereotype.Component;

@Component
class LatestCheckpoints implements AccessLogCheckpoints {

    private final CheckpointStore checkpoints;
    private final Tenancy tenancy;

    LatestCheckpoints(CheckpointStore checkpoints, Tenancy tenancy) {
        this.checkpoints = checkpoints;
        this.tenancy = tenancy;
    }

    @Override
    public Optional<Latest> latest(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> checkpoints.latest(schoolId))
                .map(stored -> new Latest(stored.treeSize(), Base64.getEncoder().encodeToString(stored.root()),
                        stored.createdAt()));
    }
}
