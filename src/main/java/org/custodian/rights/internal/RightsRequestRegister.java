package org.custodian.rights.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.StaffAccounts;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.PupilRecords;
import org.custodian.rights.ClockStop;
import org.custodian.rights.Deadline;
import org.custodian.rights.Extension;
import org.custodian.rights.SubjectRightsDeadlines;
import org.custodian.rights.internal.RequestVocabulary.Channel;
import org.custodian.rights.internal.RequestVocabulary.Competence;
import org.custodian.rights.internal.RequestVocabulary.CompetenceBasis;
import org.custodian.rights.internal.RequestVocabulary.RequestType;
import org.custodian.rights.internal.RequestVocabulary.RequesterKind;
import org.custodian.rights.internal.RequestVocabulary.SubjectKind;
import org.custodian.rights.internal.RightsRequestStore.Step;
import org.custodian.rights.internal.RightsRequestStore.StoredRequest;
import org.custodian.schools.Nation;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The register of data-subject rights requests: records a request against a pupil or staff member of
 * the school, appends each step, and works out the deadline from the receipt date, the school's
 * nation, the periods the clock was stopped and any extension. Input arrives checked for shape; the
 * checks here need the stored state and refuse before anything is written.
 */
@Service
class RightsRequestRegister {

    /** The purpose under which the register checks that a pupil exists (it reads the mandatory fields). */
    static final String PURPOSE = "SUBJECT_RIGHTS_REQUEST";
    static final String PUPIL_CHECK_REASON = "Recording a subject-rights request about this pupil";
    private static final ZoneId UK = ZoneId.of("Europe/London");
    /** Summaries do not decrypt the extension's reason; the deadline engine only needs one to be there. */
    private static final String RECORDED_REASON = "recorded";

    private final RightsRequestStore store;
    private final SubjectRightsDeadlines deadlines;
    private final PupilRecords pupils;
    private final StaffAccounts staff;
    private final Schools schools;
    private final Tenancy tenancy;
    private final RightsRequestProperties properties;
    private final Clock clock;

    RightsRequestRegister(RightsRequestStore store, SubjectRightsDeadlines deadlines, PupilRecords pupils,
                          StaffAccounts staff, Schools schools, Tenancy tenancy, RightsRequestProperties properties,
                          Clock clock) {
        this.store = store;
        this.deadlines = deadlines;
        this.pupils = pupils;
        this.staff = staff;
        this.schools = schools;
        this.tenancy = tenancy;
        this.properties = properties;
        this.clock = clock;
    }

    /** A new request as the API sends it; {@code competence} null lets the age rule decide for a pupil. */
    record NewRequest(RequestType type, SubjectKind subjectKind, UUID subjectId, String subjectUpn,
                      RequesterKind requesterKind,
                      String requester, Channel channel, LocalDate receivedOn, Competence competence, String details) {
        @Override
        public String toString() {
            return "NewRequest[type=" + type + ", subjectKind=" + subjectKind + "]";
        }
    }

    /** A step as the API sends it: the day it happened, and what the status needs. */
    record NewStep(RequestStatus status, LocalDate occurredOn, String details, Integer extensionMonths, String reason,
                   String exemption) {
        @Override
        public String toString() {
            return "NewStep[status=" + status + ", occurredOn=" + occurredOn + "]";
        }
    }

    /** A request with where it stands: its status, whether its clock is stopped now, its deadline. */
    record Tracked(StoredRequest request, RequestStatus status, boolean clockStopped, Deadline deadline) {
    }

    record Dashboard(List<Tracked> dueThisWeek, List<Tracked> overdue, List<Tracked> stopped) {
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(UK));
    }

    Tracked create(CustodianUser user, NewRequest request, String requestId, String sourceIp) {
        UUID school = user.ownSchoolId();
        Nation nation = nation(user);
        return tenancy.inSchool(school, () -> {
            Competence competence;
            CompetenceBasis basis;
            UUID decidedBy;
            UUID pupilId = null;
            if (request.subjectKind() == SubjectKind.PUPIL) {
                PupilRecord pupil = request.subjectUpn() != null
                        ? pupilByUpn(user, request.subjectUpn(), requestId, sourceIp)
                        : pupil(user, request.subjectId(), requestId, sourceIp);
                pupilId = pupil.id();
                decidedBy = user.id();
                if (request.competence() != null) {
                    competence = request.competence();
                    basis = CompetenceBasis.JUDGEMENT;
                } else if (pupil.dateOfBirth() != null) {
                    int age = Period.between(pupil.dateOfBirth(), request.receivedOn()).getYears();
                    competence = age >= properties.competenceAge() ? Competence.COMPETENT : Competence.NOT_COMPETENT;
                    basis = CompetenceBasis.AGE_RULE;
                } else {
                    throw ProblemException.badRequest("competence-required",
                            "The pupil's date of birth is not recorded: say whether they are competent to make the request.");
                }
            } else {
                if (!staff.displayNames(school, List.of(request.subjectId())).containsKey(request.subjectId())) {
                    throw subjectNotFound();
                }
                competence = Competence.NOT_APPLICABLE;
                basis = CompetenceBasis.NOT_APPLICABLE;
                decidedBy = null;
            }
            UUID id = UUID.randomUUID();
            Step received = new Step(1, RequestStatus.RECEIVED, request.receivedOn(), clock.instant(), user.id(),
                    request.details(), null, null, null);
            UUID subjectId = request.subjectKind() == SubjectKind.PUPIL ? pupilId : request.subjectId();
            StoredRequest stored = new StoredRequest(id, request.type(), request.subjectKind(), subjectId,
                    request.requesterKind(), request.requester(), request.channel(), request.receivedOn(), competence,
                    basis, decidedBy, user.id(), clock.instant(), List.of(received));
            store.insert(school, stored);
            return track(stored, nation);
        });
    }

    Tracked step(CustodianUser user, UUID id, NewStep step) {
        UUID school = user.ownSchoolId();
        Nation nation = nation(user);
        try {
            return tenancy.inSchool(school, () -> {
                StoredRequest request = store.find(school, id).orElseThrow(RightsRequestRegister::requestNotFound);
                Step last = request.last();
                if (!last.status().next().contains(step.status())) {
                    throw ProblemException.conflict("illegal-transition", "A request that is " + words(last.status())
                            + " cannot become " + words(step.status()) + ".");
                }
                if (step.occurredOn().isBefore(last.occurredOn())) {
                    throw ProblemException.conflict("step-out-of-order",
                            "A step cannot be dated before the request's previous step.");
                }
                if (step.status() == RequestStatus.EXTENDED) {
                    if (request.steps().stream().anyMatch(s -> s.status() == RequestStatus.EXTENDED)) {
                        throw ProblemException.conflict("already-extended", "The request has already been extended.");
                    }
                    Deadline unextended = deadlines.deadline(request.receivedOn(), nation,
                            stops(request.steps(), step.occurredOn()), null);
                    if (step.occurredOn().isAfter(unextended.date())) {
                        throw ProblemException.conflict("extension-too-late",
                                "An extension must be decided within the request's first month, on or before "
                                        + unextended.date() + ". Nothing was changed.");
                    }
                }
                Step appended = new Step(last.position() + 1, step.status(), step.occurredOn(), clock.instant(),
                        user.id(), step.details(), step.extensionMonths(), step.reason(), step.exemption());
                store.append(school, id, appended);
                List<Step> steps = new ArrayList<>(request.steps());
                steps.add(appended);
                return track(withSteps(request, steps), nation);
            });
        } catch (DuplicateKeyException concurrent) {
            throw ProblemException.conflict("step-out-of-order",
                    "Another step was recorded on this request at the same time. Reload it and try again.");
        }
    }

    Tracked get(CustodianUser user, UUID id) {
        Nation nation = nation(user);
        return tenancy.inSchool(user.ownSchoolId(), () -> track(
                store.find(user.ownSchoolId(), id).orElseThrow(RightsRequestRegister::requestNotFound), nation));
    }

    List<Tracked> list(CustodianUser user) {
        Nation nation = nation(user);
        return tenancy.inSchool(user.ownSchoolId(), () -> store.all(user.ownSchoolId()).stream()
                .map(r -> track(r, nation)).toList());
    }

    /**
     * Open requests due from today to six days ahead, open requests past their deadline, and those
     * with the clock stopped, each by deadline.
     */
    Dashboard dashboard(CustodianUser user) {
        LocalDate today = today();
        List<Tracked> due = new ArrayList<>();
        List<Tracked> overdue = new ArrayList<>();
        List<Tracked> stopped = new ArrayList<>();
        for (Tracked tracked : list(user)) {
            if (tracked.status().closed()) {
                continue;
            }
            LocalDate deadline = tracked.deadline().date();
            if (tracked.clockStopped()) {
                stopped.add(tracked);
            } else if (deadline.isBefore(today)) {
                overdue.add(tracked);
            } else if (!deadline.isAfter(today.plusDays(6))) {
                due.add(tracked);
            }
        }
        Comparator<Tracked> byDeadline = Comparator.comparing(t -> t.deadline().date());
        due.sort(byDeadline);
        overdue.sort(byDeadline);
        stopped.sort(byDeadline);
        return new Dashboard(due, overdue, stopped);
    }

    private Tracked track(StoredRequest request, Nation nation) {
        RequestStatus status = request.last().status();
        Extension extension = request.steps().stream().filter(s -> s.status() == RequestStatus.EXTENDED)
                .findFirst()
                .map(s -> new Extension(s.extensionMonths(), s.reason() == null ? RECORDED_REASON : s.reason(),
                        s.occurredOn()))
                .orElse(null);
        Deadline deadline = deadlines.deadline(request.receivedOn(), nation, stops(request.steps(), today()), extension);
        return new Tracked(request, status, status == RequestStatus.AWAITING_IDENTITY_OR_CLARIFICATION, deadline);
    }

    /**
     * The stopped periods: from each step that awaits identity or clarification to the next step;
     * a stop still running counts up to {@code openUntil} (today, or the day of a step being added).
     */
    static List<ClockStop> stops(List<Step> steps, LocalDate openUntil) {
        List<ClockStop> stops = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.status() == RequestStatus.AWAITING_IDENTITY_OR_CLARIFICATION) {
                LocalDate end = i + 1 < steps.size() ? steps.get(i + 1).occurredOn() : openUntil;
                stops.add(new ClockStop(step.occurredOn(), end.isBefore(step.occurredOn()) ? step.occurredOn() : end));
            }
        }
        return stops;
    }

    private PupilRecord pupil(CustodianUser user, UUID pupilId, String requestId, String sourceIp) {
        try {
            return pupils.read(new AccessContext(user, PURPOSE, PUPIL_CHECK_REASON, requestId, sourceIp), pupilId,
                    Set.of());
        } catch (ProblemException e) {
            if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.GONE) {
                throw subjectNotFound();
            }
            throw e;
        }
    }

    /** The pupil whose UPN this is, found through the UPN's blind index (a logged read of that one pupil). */
    private PupilRecord pupilByUpn(CustodianUser user, String upn, String requestId, String sourceIp) {
        List<PupilRecord> found = pupils.search(new AccessContext(user, PURPOSE, PUPIL_CHECK_REASON, requestId, sourceIp),
                new PupilRecords.PupilSearch(upn, null, 0, 1, true)).pupils();
        if (found.isEmpty()) {
            throw subjectNotFound();
        }
        return found.get(0);
    }

    private Nation nation(CustodianUser user) {
        return schools.get(user.ownSchoolId(), user).nation();
    }

    private static StoredRequest withSteps(StoredRequest r, List<Step> steps) {
        return new StoredRequest(r.id(), r.type(), r.subjectKind(), r.subjectId(), r.requesterKind(), r.requester(),
                r.channel(), r.receivedOn(), r.competence(), r.competenceBasis(), r.competenceDecidedBy(), r.createdBy(),
                r.createdAt(), List.copyOf(steps));
    }

    private static String words(RequestStatus status) {
        return status.name().toLowerCase().replace('_', ' ');
    }

    private static ProblemException subjectNotFound() {
        return ProblemException.notFound("subject-not-found",
                "There is no such pupil or member of staff at your school. Nothing was recorded.");
    }

    private static ProblemException requestNotFound() {
        return ProblemException.notFound("rights-request-not-found", "There is no such request at your school.");
    }
}
