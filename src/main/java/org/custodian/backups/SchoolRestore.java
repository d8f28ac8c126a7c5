package org.custodian.backups;

import java.time.Instant;
import java.util.UUID;

/**
 * One school-scoped restore: the school's rows of a data backup (opened with a key backup) copied
 * into a new staging school. The counts say what came across; {@code leftOutErased} how many pupils
 * of the backup stayed out because they were erased since.
 */
@org.custodian.privacy.NoPersonalData("ids, backup names, times, counts and the reason a restore failed: never a row")
public record SchoolRestore(UUID id, UUID requestedBy, Instant startedAt, Instant finishedAt, String dataBackup,
                            String keyBackup, UUID sourceSchoolId, UUID stagingSchoolId, Outcome outcome,
                            Counts counts, String failure) {

    public enum Outcome { RESTORED, REFUSED, FAILED }

    @org.custodian.privacy.NoPersonalData("counts")
    public record Counts(int pupils, int categoryValues, int classes, int classMemberships, int restrictions,
                         int objections, int leftOutErased) {
    }
}
