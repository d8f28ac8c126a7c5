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
 * {@link #holdsOn}; holds are placed, reviewed and lifted by the school's DPO or school admin, and
 * each of those steps is recorded and kept. Every hold has a review date, on which the school's DPO
 * is reminded to review it.
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

    /**
     * Places a hold in the actor's school and records it; its id. A hold without a reason, or whose
     * review date is missing or not after today (UK), is refused ({@code invalid-legal-hold}).
     */
    UUID place(CustodianUser actor, NewHold hold);

    /** Lifts a standing hold ({@code legal-hold-not-found} if there is none with that id standing). */
    void lift(CustodianUser actor, UUID holdId);

    /**
     * Records the review of a standing hold (by the actor, now, with an optional note kept encrypted)
     * and moves its review date to {@code nextReviewOn}, which must be after today
     * ({@code invalid-legal-hold}); {@code legal-hold-not-found} if no such hold stands.
     */
    Review review(CustodianUser actor, UUID holdId, String note, LocalDate nextReviewOn);

    /** Every hold of the actor's school, standing or lifted, newest first, with its reason. */
    List<Hold> list(CustodianUser actor);

    /** The record of one hold of the actor's school, oldest first: placed, each review, lifted. */
    List<Review> reviews(CustodianUser actor, UUID holdId);

    /** The records of every hold of the actor's school, oldest first. */
    List<Review> reviews(CustodianUser actor);

    enum Scope { PUPIL, STAFF, CATEGORY, SCHOOL }

    /** A step in a hold's record. */
    enum ReviewKind { PLACED, REVIEWED, LIFTED }

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

    /** {@code note} for REVIEWED only (may be null); {@code nextReviewOn} for PLACED and REVIEWED. */
    record Review(UUID id, UUID holdId, ReviewKind kind, UUID actorId, Instant recordedAt, String note,
                  LocalDate nextReviewOn) {
        @Override
        public String toString() {
            return "Review[id=" + id + ", kind=" + kind + "]";
        }
    }
}
