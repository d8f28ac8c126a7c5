package org.custodian.pupils;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.custodian.identity.CustodianUser;

/**
 * Restriction (UK GDPR Art 18), objection (Art 21) and withdrawal of consent for one pupil, which
 * {@link PupilRecords} enforces. While a pupil is restricted their record is stored but every read and
 * change is refused with {@code subject-restricted}, except under {@link #ALLOWED_WHILE_RESTRICTED}
 * (legal claims and the rights workflow itself); searches and exports leave the pupil out, and an
 * import leaves the record unchanged. An objection or a withdrawn consent switches one purpose of the
 * register off for that pupil alone ({@code purpose-objected}). Each decision names the rights
 * request it answers and is kept, with who made it and when, lifting and reinstating included.
 * Reading or changing these decisions reads no pupil data and is not an access to the record.
 */
public interface SubjectRestrictions {

    /** The purposes under which a restricted pupil's record may still be read or changed. */
    List<String> ALLOWED_WHILE_RESTRICTED = List.of("SUBJECT_RIGHTS_REQUEST", "LEGAL_CLAIMS");

    /** Where the pupil stands now ({@code pupil-not-found} if no such pupil at the actor's school). */
    Limits limits(CustodianUser actor, UUID pupilId);

    /** Restricts the pupil ({@code already-restricted} if they are). */
    Limits restrict(CustodianUser actor, UUID pupilId, UUID rightsRequestId);

    /** Lifts the pupil's restriction ({@code not-restricted} if there is none). */
    Limits lift(CustodianUser actor, UUID pupilId, UUID rightsRequestId);

    /**
     * Switches {@code purpose} off for the pupil ({@code purpose-unknown} if the register has no such
     * pupil purpose; {@code already-objected} if it is off already; {@code purpose-not-objectable} for
     * the purposes a restriction leaves allowed, which the rights workflow and legal claims need).
     */
    Limits object(CustodianUser actor, UUID pupilId, String purpose, Basis basis, UUID rightsRequestId);

    /** Switches {@code purpose} on again for the pupil ({@code not-objected} if it is not off). */
    Limits reinstate(CustodianUser actor, UUID pupilId, String purpose, UUID rightsRequestId);

    /** Every decision about the pupil, oldest first. */
    List<Decision> history(CustodianUser actor, UUID pupilId);

    /**
     * How many pupils on roll an export under {@code purpose} leaves out because they are restricted
     * or objected to it (an export says so beside its rows).
     */
    long withheldFromExport(CustodianUser actor, String purpose);

    /** Why a purpose is off for a pupil. */
    enum Basis {
        /** Art 21: the pupil (or a parent for them) objected to the processing. */
        OBJECTION,
        /** Art 7(3): the consent the processing relied on was withdrawn. */
        CONSENT_WITHDRAWN
    }

    record Limits(UUID pupilId, Restriction restriction, List<Objection> objections) {
        public Limits {
            objections = List.copyOf(objections);
        }

        public boolean restricted() {
            return restriction != null;
        }
    }

    record Restriction(Instant since, UUID decidedBy, UUID rightsRequestId) {
    }

    record Objection(String purpose, Basis basis, Instant since, UUID decidedBy, UUID rightsRequestId) {
    }

    /** One recorded decision; {@code purpose} is null for a restriction or its lifting. */
    record Decision(String event, String purpose, Instant occurredAt, UUID actorId, UUID rightsRequestId) {
    }
}
