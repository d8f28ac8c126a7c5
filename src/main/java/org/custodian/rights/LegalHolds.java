package org.custodian.rights;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;

/**
 * Legal holds: while one stands on a subject, or on the whole school, nothing of that subject may be
 * erased ({@code subject-under-legal-hold}). A hold's reason is encrypted and never leaves through
 * {@link #holdsOn}; holds are placed and lifted by the school's DPO or school admin, and kept.
 */
public interface LegalHolds {

    /** The standing holds that cover the subject: those on the subject itself and those on the whole school. */
    List<HoldSummary> holdsOn(UUID schoolId, SubjectKind subjectKind, UUID subjectId);

    /**
     * Every standing hold of the school, of any scope: each one stops the school's purge, which would
     * delete what it holds.
     */
    List<HoldSummary> standingHolds(UUID schoolId);

    /**
     * What the school's standing holds cover, for work that deletes in bulk (retention sweeps): ids
     * and category names only, never a reason.
     */
    Standing standing(UUID schoolId);

    /** Places a hold in the actor's school; its id. */
    UUID place(CustodianUser actor, NewHold hold);

    /** Lifts a standing hold ({@code legal-hold-not-found} if there is none with that id standing). */
    void lift(CustodianUser actor, UUID holdId);

    /** Every hold of the actor's school, standing or lifted, newest first, with its reason. */
    List<Hold> list(CustodianUser actor);

    enum Scope { PUPIL, STAFF, CATEGORY, SCHOOL }

    /** What standing holds cover: the whole school, categories (by name), pupils and staff (by id). */
    record Standing(boolean school, Set<String> categories, Set<UUID> pupils, Set<UUID> staff) {

        public Standing {
            categories = Set.copyOf(categories);
            pupils = Set.copyOf(pupils);
            staff = Set.copyOf(staff);
        }

        /** Whether nothing of the category may be deleted: a hold on it or on the whole school. */
        public boolean coversCategory(String category) {
            return school || categories.stream().anyMatch(held -> held.strip().equalsIgnoreCase(category));
        }
    }

    /** {@code label} says what the hold covers and never why. */
    record HoldSummary(UUID id, String label, Instant placedAt) {
    }

    /** {@code subjectId} for PUPIL and STAFF holds only, {@code category} for CATEGORY holds only. */
    record NewHold(Scope scope, UUID subjectId, String category, String reason, LocalDate reviewOn) {
        @Override
        public String toString() {
            return "NewHold[scope=" + scope + "]";
        }
    }

    record Hold(UUID id, Scope scope, UUID subjectId, String category, String reason, UUID placedBy, Instant placedAt,
                LocalDate reviewOn, UUID liftedBy, Instant liftedAt) {
        @Override
        public String toString() {
            return "Hold[id=" + id + ", scope=" + scope + "]";
        }
    }
}
