package org.custodian.pupils;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The only way to pupil data. Every call names a purpose from the {@link ProcessingRegister} that
 * the actor's role may use (else {@code purpose-required} / {@code purpose-unknown} / {@code purpose-not-allowed}), gives a
 * reason where the rules need one ({@code reason-required}), passes the sharing-agreement gate, and
 * appends one access-log entry in the same transaction as the access itself.
 */
public interface PupilRecords {

    /** Mandatory fields, plus the optional categories asked for (which need a reason). */
    PupilRecord read(AccessContext context, UUID pupilId, Set<OptionalCategory> categories);

    /** A page of pupils (mandatory fields only), optionally narrowed by UPN or name through blind indexes. */
    PupilPage search(AccessContext context, PupilSearch search);

    /**
     * Every pupil's mandatory fields, for a bulk export: always needs a reason, and is logged as one
     * {@code EXPORT} entry naming every pupil exported.
     */
    List<PupilRecord> export(AccessContext context);

    /**
     * The purpose of the export that returns a school's data at the end of its contract: the one
     * pupil-data operation a terminated school (its admin, during the grace period) may still make.
     */
    String RETURN_PURPOSE = "CONTRACT_END_RETURN";

    WriteResult create(AccessContext context, PupilData data);

    /** Replaces the record if it is still at {@code expectedVersion} ({@code version-mismatch} otherwise). */
    WriteResult update(AccessContext context, UUID pupilId, long expectedVersion, PupilData data);

    /**
     * As {@link #update}, but writes the mandatory fields only and leaves the stored optional
     * categories as they are, so correcting a name needs no reading (and no reason) of the
     * sensitive ones. {@code data} must carry no categories.
     */
    WriteResult updateMandatory(AccessContext context, UUID pupilId, long expectedVersion, PupilData data);

    /**
     * Erases the pupil: destroys their data key (crypto-shredding reaches every copy, backups too)
     * and deletes their rows, atomically. The access log keeps its entries (ids only) and verifies.
     */
    default void erase(AccessContext context, UUID pupilId) {
        erase(context, pupilId, null);
    }

    /**
     * As {@link #erase(AccessContext, UUID)}; the tombstone also names {@code requestReference},
     * the rights request the erasure answers (null for none).
     */
    void erase(AccessContext context, UUID pupilId, UUID requestReference);

    /**
     * Checks, without erasing or reading anything, that the actor may erase the pupil under the
     * context's purpose (a purpose that may change records, with a reason) and that the pupil exists
     * at their school ({@code pupil-not-found} otherwise). Used before an erasure is requested.
     */
    void requireErasable(AccessContext context, UUID pupilId);

    /**
     * The DPO's decision that a pupil erased earlier may be added again: lifts the standing tombstone
     * of {@code upn} (which until then refuses every create and import of it with
     * {@code previously-erased}). Only under the purpose {@code READMISSION}, always with a reason;
     * logged as a {@code READMIT} entry naming the tombstone. {@code not-erased} when the UPN has
     * no standing tombstone.
     */
    void readmit(AccessContext context, String upn);

    /** What a write stored: the record's id and new version, and the categories dropped because they are off. */
    record WriteResult(UUID id, long version, List<OptionalCategory> droppedCategories) {
    }

    /**
     * {@code upn} and {@code name} are exact matches after normalisation; page numbers start at 0.
     * Pupils who have left are found only with {@code includeLeavers} (a rights request may be about one).
     */
    record PupilSearch(String upn, String name, int page, int size, boolean includeLeavers) {

        /** Pupils on roll only. */
        public PupilSearch(String upn, String name, int page, int size) {
            this(upn, name, page, size, false);
        }

        @Override
        public String toString() {
            return "PupilSearch[page=" + page + ", size=" + size + ", includeLeavers=" + includeLeavers + "]";
        }
    }

    record PupilPage(List<PupilRecord> pupils, int page, int size, long total) {
    }
}
