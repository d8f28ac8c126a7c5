package org.custodian.rights.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.Role;
import org.custodian.identity.StaffAccounts;
import org.custodian.identity.StaffErasure;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilErasureRequests;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.PupilRecords;
import org.custodian.rights.LegalHolds;
import org.custodian.rights.LegalHolds.HoldSummary;
import org.custodian.rights.internal.ErasureStore.Erasure;
import org.custodian.rights.internal.ErasureStore.RuleChange;
import org.custodian.rights.internal.ErasureStore.State;
import org.custodian.rights.internal.RequestVocabulary.RequestType;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Two-person erasure: a request (from a rights request or ad hoc, or the pupil API's {@code DELETE})
 * takes effect only when a second school admin or DPO confirms it; a school admin may switch that
 * rule off for the school, and each switch is kept. A legal hold on the subject or the school blocks
 * both the request and the confirmation. Each step runs in one school-scoped transaction, so a
 * refusal changes nothing.
 */
@Service
class ErasureRequests implements PupilErasureRequests {

    /** The purpose under which school admins and DPOs request and confirm erasures of pupils. */
    static final String PURPOSE = RightsRequestRegister.PURPOSE;
    static final String REQUEST_REASON = "Requesting the erasure of this pupil";
    static final String CONFIRM_REASON = "Confirming a requested erasure of this pupil";
    static final String SHOW_REASON = "Showing a requested erasure to the person who confirms it";
    static final int MAX_REASON = 1000;
    static final int LIST_LIMIT = 200;

    private final ErasureStore store;
    private final RightsRequestStore requests;
    private final PupilRecords pupils;
    private final StaffErasure staffErasure;
    private final StaffAccounts staff;
    private final LegalHolds holds;
    private final Tenancy tenancy;
    private final Clock clock;

    ErasureRequests(ErasureStore store, RightsRequestStore requests, PupilRecords pupils, StaffErasure staffErasure,
                    StaffAccounts staff, LegalHolds holds, Tenancy tenancy, Clock clock) {
        this.store = store;
        this.requests = requests;
        this.pupils = pupils;
        this.staffErasure = staffErasure;
        this.staff = staff;
        this.holds = holds;
        this.tenancy = tenancy;
        this.clock = clock;
    }

    /** What someone asks to erase; {@code requestReference} (a rights request's id) and {@code reason} may be null. */
    record NewErasure(SubjectKind subjectKind, UUID subjectId, UUID requestReference, String reason) {
        @Override
        public String toString() {
            return "NewErasure[kind=" + subjectKind + "]";
        }
    }

    /** An erasure as a page shows it: the subject's name while they still exist, else null. */
    record Shown(Erasure erasure, String subjectName, String requestedByName, String decidedByName) {
        @Override
        public String toString() {
            return "Shown[" + erasure + "]";
        }
    }

    /** Ad hoc or from a rights request, by a school admin or DPO. */
    Erasure request(CustodianUser actor, NewErasure erasure, String requestId, String sourceIp) {
        requireDecider(actor);
        if (erasure.reason() != null && erasure.reason().length() > MAX_REASON) {
            throw ProblemException.badRequest("reason-too-long", "The reason may be at most " + MAX_REASON + " characters.");
        }
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            AccessContext context = new AccessContext(actor, PURPOSE, REQUEST_REASON, requestId, sourceIp);
            if (erasure.subjectKind() == SubjectKind.PUPIL) {
                pupils.requireErasable(context, erasure.subjectId());
            } else {
                staffErasure.requireErasable(actor, erasure.subjectId());
            }
            requireNoHold(school, erasure.subjectKind(), erasure.subjectId());
            requireMatchingRequest(school, erasure);
            Erasure stored = pending(school, actor, erasure, PURPOSE);
            if (store.twoPerson(school)) {
                return stored;
            }
            return carryOut(school, stored, actor, new AccessContext(actor, PURPOSE, CONFIRM_REASON, requestId, sourceIp));
        });
    }

    /** The pupil API's {@code DELETE}: anyone whose purpose may change records may ask; a second person confirms. */
    @Override
    public Requested request(AccessContext context, UUID pupilId) {
        CustodianUser actor = context.actor();
        if (actor.schoolId() == null) {
            throw ProblemException.forbidden("support-consent-required",
                    "Platform staff reach a school's pupil data only with the school's time-boxed consent.");
        }
        UUID school = actor.schoolId();
        return tenancy.inSchool(school, () -> {
            pupils.requireErasable(context, pupilId);
            requireNoHold(school, SubjectKind.PUPIL, pupilId);
            Erasure stored = pending(school, actor, new NewErasure(SubjectKind.PUPIL, pupilId, null, context.reason()),
                    context.purpose());
            if (store.twoPerson(school)) {
                return new Requested(stored.id(), true);
            }
            carryOut(school, stored, actor, context);
            return new Requested(stored.id(), false);
        });
    }

    Erasure confirm(CustodianUser actor, UUID id, String requestId, String sourceIp) {
        requireDecider(actor);
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            Erasure erasure = pendingOne(school, id);
            if (erasure.requestedBy().equals(actor.id())) {
                throw ProblemException.forbidden("erasure-own-confirmation",
                        "You requested this erasure, so someone else must confirm it: another school admin or the DPO.");
            }
            requireNoHold(school, erasure.subjectKind(), erasure.subjectId());
            return carryOut(school, erasure, actor, new AccessContext(actor, PURPOSE, CONFIRM_REASON, requestId, sourceIp));
        });
    }

    Erasure cancel(CustodianUser actor, UUID id) {
        requireDecider(actor);
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            Erasure erasure = pendingOne(school, id);
            Instant now = clock.instant();
            store.decide(school, id, State.CANCELLED, actor.id(), now);
            return decided(erasure, State.CANCELLED, actor.id(), now);
        });
    }

    Erasure get(CustodianUser actor, UUID id) {
        requireDecider(actor);
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> store.find(school, id, false).orElseThrow(ErasureRequests::notFound));
    }

    List<Erasure> list(CustodianUser actor) {
        requireDecider(actor);
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> store.list(school, LIST_LIMIT));
    }

    /** With the names of the people involved; a pending pupil's name is read (and logged) for the confirmer. */
    Shown show(CustodianUser actor, Erasure erasure, String requestId, String sourceIp) {
        UUID school = actor.ownSchoolId();
        Map<UUID, String> names = tenancy.inSchool(school, () -> staff.displayNames(school, java.util.stream.Stream.of(
                        erasure.requestedBy(), erasure.decidedBy(),
                        erasure.subjectKind() == SubjectKind.STAFF ? erasure.subjectId() : null)
                .filter(java.util.Objects::nonNull).toList()));
        String subject = null;
        if (erasure.state() == State.PENDING && erasure.subjectKind() == SubjectKind.PUPIL) {
            // In a transaction of its own: a refusal here only leaves the name out.
            try {
                PupilRecord pupil = pupils.read(new AccessContext(actor, PURPOSE, SHOW_REASON, requestId, sourceIp),
                        erasure.subjectId(), Set.of());
                subject = pupil.forename() + " " + pupil.surname();
            } catch (ProblemException gone) {
                subject = null;
            }
        } else if (erasure.state() == State.PENDING) {
            subject = names.get(erasure.subjectId());
        }
        return new Shown(erasure, subject, names.get(erasure.requestedBy()),
                erasure.decidedBy() == null ? null : names.get(erasure.decidedBy()));
    }

    boolean twoPerson(CustodianUser actor) {
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> store.twoPerson(school));
    }

    List<RuleChange> ruleChanges(CustodianUser actor) {
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> store.ruleChanges(school, 50));
    }

    /** Only a school admin switches the rule; switching it to what it is already records nothing. */
    void setTwoPerson(CustodianUser actor, boolean on) {
        if (actor.role() != Role.SCHOOL_ADMIN) {
            throw ProblemException.forbidden("school-admin-only", "Only a school admin may switch the two-person rule.");
        }
        UUID school = actor.ownSchoolId();
        tenancy.inSchool(school, () -> {
            if (store.twoPerson(school) != on) {
                store.recordRuleChange(school, on, actor.id(), clock.instant());
            }
        });
    }

    record RequestSubject(SubjectKind kind, UUID id) {
    }

    /** The subject of one of the school's erasure requests ({@code rights-request-not-found} for any other request). */
    RequestSubject subjectOfErasureRequest(CustodianUser actor, UUID requestId) {
        requireDecider(actor);
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> requests.find(school, requestId)
                .filter(r -> r.type() == RequestType.ERASURE)
                .map(r -> new RequestSubject(SubjectKind.valueOf(r.subjectKind().name()), r.subjectId()))
                .orElseThrow(() -> ProblemException.notFound("rights-request-not-found",
                        "There is no such erasure request at your school.")));
    }

    private Erasure pending(UUID school, CustodianUser actor, NewErasure erasure, String purpose) {
        Erasure stored = new Erasure(UUID.randomUUID(), erasure.subjectKind(), erasure.subjectId(),
                erasure.requestReference(), purpose, blankToNull(erasure.reason()), actor.id(), clock.instant(),
                State.PENDING, null, null);
        if (!store.insertPending(school, stored)) {
            throw ProblemException.conflict("erasure-already-pending",
                    "An erasure of this subject is already waiting for confirmation. Confirm or cancel that one.");
        }
        return stored;
    }

    /** Erases the subject and marks the erasure confirmed by {@code actor}, in the caller's transaction. */
    private Erasure carryOut(UUID school, Erasure erasure, CustodianUser actor, AccessContext context) {
        if (erasure.subjectKind() == SubjectKind.PUPIL) {
            pupils.erase(context, erasure.subjectId(), erasure.requestReference());
        } else {
            staffErasure.erase(actor, erasure.subjectId(), erasure.requestReference());
        }
        Instant now = clock.instant();
        store.decide(school, erasure.id(), State.CONFIRMED, actor.id(), now);
        return decided(erasure, State.CONFIRMED, actor.id(), now);
    }

    private void requireNoHold(UUID school, SubjectKind kind, UUID subjectId) {
        List<HoldSummary> standing = holds.holdsOn(school, kind, subjectId);
        if (!standing.isEmpty()) {
            throw ProblemException.conflict("subject-under-legal-hold", "A legal hold stands on this subject ("
                    + standing.get(0).label().toLowerCase(java.util.Locale.ROOT)
                    + "), so nothing of theirs may be erased until it is lifted. Nothing was changed.");
        }
    }

    /** A referenced rights request must be this school's erasure request about the same subject. */
    private void requireMatchingRequest(UUID school, NewErasure erasure) {
        if (erasure.requestReference() == null) {
            return;
        }
        boolean matches = requests.find(school, erasure.requestReference())
                .filter(r -> r.type() == RequestType.ERASURE)
                .filter(r -> r.subjectKind().name().equals(erasure.subjectKind().name()))
                .filter(r -> r.subjectId().equals(erasure.subjectId()))
                .isPresent();
        if (!matches) {
            throw ProblemException.badRequest("erasure-request-mismatch",
                    "The referenced rights request is not an erasure request about this subject at your school.");
        }
    }

    private Erasure pendingOne(UUID school, UUID id) {
        Erasure erasure = store.find(school, id, true).orElseThrow(ErasureRequests::notFound);
        if (erasure.state() != State.PENDING) {
            throw ProblemException.conflict("erasure-not-pending", "This erasure was confirmed or cancelled already.");
        }
        return erasure;
    }

    private static Erasure decided(Erasure e, State state, UUID by, Instant at) {
        return new Erasure(e.id(), e.subjectKind(), e.subjectId(), e.requestReference(), e.purpose(), e.reason(),
                e.requestedBy(), e.requestedAt(), state, by, at);
    }

    private static void requireDecider(CustodianUser actor) {
        if (actor.schoolId() == null || !actor.has(Permission.RIGHTS_REQUESTS)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "You are not allowed to do this.");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    static ProblemException notFound() {
        return ProblemException.notFound("erasure-not-found", "There is no such erasure at your school.");
    }
}
