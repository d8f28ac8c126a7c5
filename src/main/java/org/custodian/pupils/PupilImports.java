package org.custodian.pupils;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The bulk side of {@link PupilRecords}, for MIS imports: the same purpose, reason and agreement
 * checks, the same validation and encryption, and access-log entries in the same transaction, but
 * pupils go in by the batch (COPY) and are matched to stored records by UPN (blind index).
 * Everything runs inside the caller's transaction, so a whole import commits or leaves no trace.
 */
public interface PupilImports {

    /**
     * Starts an import in the caller's school-scoped transaction (required). The purpose must allow
     * changes and a reason is always needed (stored categories are read to compare). A dry run
     * compares and counts but writes no pupil data; its reads are logged.
     */
    ImportBatch begin(AccessContext context, boolean dryRun);

    /**
     * Records that an import begun with {@code context} failed and rolled back (its own entries with
     * it), after comparing {@code compared} pupils with the school's records: one access-log entry,
     * no subjects, the count and {@code problemCode} as fields. Runs in the caller's transaction
     * (required, scoped to the actor's school), which must be a new one: the import's is gone.
     */
    void recordFailedAttempt(AccessContext context, int compared, String problemCode);

    interface ImportBatch {

        /**
         * The first, CPU-only half of {@link #apply}: validation and blind indexes. Safe to call on
         * another thread (no database, no transaction), so the next batch is checked while this one
         * is written; the batches must then be applied in the order of the file.
         */
        Checked check(List<Incoming> pupils);

        /** Matches and (unless a dry run) writes a checked batch: one outcome per pupil, in order. */
        List<Outcome> apply(Checked batch);

        default List<Outcome> apply(List<Incoming> pupils) {
            return apply(check(pupils));
        }

        /**
         * For a full file, after the last batch: every pupil on roll that this import has not seen
         * becomes a leaver from {@code leavingDate} (a dry run only counts them). Returns how many.
         */
        int markUnseenAsLeavers(LocalDate leavingDate);
    }

    /** A batch that passed {@link ImportBatch#check}, waiting to be applied. */
    interface Checked {
    }

    /** A pupil as the file gives it; {@code leavingDate} ISO or null. */
    record Incoming(PupilData data, String leavingDate) {
        @Override
        public String toString() {
            return "Incoming[redacted]";
        }
    }

    /**
     * What happened to one incoming pupil. {@code changedFields} names the fields that differ from the
     * stored record (CHANGED); {@code dropped} the categories left out because the school has them
     * switched off; {@code errors} (field, code, message, never the value) why it was refused.
     */
    record Outcome(Result result, UUID pupilId, List<String> changedFields, List<OptionalCategory> dropped,
                   List<Map<String, String>> errors) {
    }

    enum Result {
        NEW, CHANGED, UNCHANGED,
        /** Refused: see the errors. */
        INVALID,
        /** A second pupil with a UPN already seen earlier in the same file. */
        DUPLICATE_IN_FILE,
        /** The school erased a pupil with this UPN: not brought back without the DPO's decision. */
        PREVIOUSLY_ERASED,
        /**
         * A stored pupil whose data is restricted (or who objected to the import's purpose): their
         * record was neither read nor changed.
         */
        RESTRICTED
    }
}
