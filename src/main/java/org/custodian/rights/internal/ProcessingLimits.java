package org.custodian.rights.internal;

import java.util.List;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.pupils.SubjectRestrictions;
import org.custodian.pupils.SubjectRestrictions.Basis;
import org.custodian.pupils.SubjectRestrictions.Limits;
import org.custodian.rights.internal.RequestVocabulary.RequestType;
import org.custodian.rights.internal.RequestVocabulary.SubjectKind;
import org.custodian.rights.internal.RightsRequestStore.StoredRequest;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.stereotype.Service;

/**
 * Restriction, objection and withdrawal of consent as the rights workflow decides them: each decision
 * names a rights request of the school about that pupil, checked here, and is then recorded (and
 * enforced) by the pupils module's {@link SubjectRestrictions}. An objection needs an objection
 * request, a withdrawal of consent a withdrawal request; a restriction, its lifting and a
 * reinstatement may answer any request about the pupil (a restriction often accompanies a disputed
 * rectification or a pending objection, Art 18(1)(a) and (d)).
 */
@Service
class ProcessingLimits {

    private final RightsRequestStore requests;
    private final SubjectRestrictions restrictions;
    private final Tenancy tenancy;

    ProcessingLimits(RightsRequestStore requests, SubjectRestrictions restrictions, Tenancy tenancy) {
        this.requests = requests;
        this.restrictions = restrictions;
        this.tenancy = tenancy;
    }

    Limits limits(CustodianUser user, UUID pupilId) {
        return restrictions.limits(user, pupilId);
    }

    List<SubjectRestrictions.Decision> history(CustodianUser user, UUID pupilId) {
        return restrictions.history(user, pupilId);
    }

    Limits restrict(CustodianUser user, UUID pupilId, UUID requestId) {
        return tenancy.inSchool(user.ownSchoolId(), () -> {
            about(user, pupilId, requestId);
            return restrictions.restrict(user, pupilId, requestId);
        });
    }

    Limits lift(CustodianUser user, UUID pupilId, UUID requestId) {
        return tenancy.inSchool(user.ownSchoolId(), () -> {
            about(user, pupilId, requestId);
            return restrictions.lift(user, pupilId, requestId);
        });
    }

    Limits object(CustodianUser user, UUID pupilId, String purpose, UUID requestId) {
        return tenancy.inSchool(user.ownSchoolId(), () -> {
            StoredRequest request = about(user, pupilId, requestId);
            Basis basis = switch (request.type()) {
                case OBJECTION -> Basis.OBJECTION;
                case WITHDRAWAL_OF_CONSENT -> Basis.CONSENT_WITHDRAWN;
                default -> throw ProblemException.conflict("request-type-mismatch",
                        "A purpose is switched off for a pupil only to answer an objection or a withdrawal of consent.");
            };
            return restrictions.object(user, pupilId, purpose, basis, requestId);
        });
    }

    Limits reinstate(CustodianUser user, UUID pupilId, String purpose, UUID requestId) {
        return tenancy.inSchool(user.ownSchoolId(), () -> {
            about(user, pupilId, requestId);
            return restrictions.reinstate(user, pupilId, purpose, requestId);
        });
    }

    /** The school's requests about the pupil, newest first (for the forms to choose from). */
    List<StoredRequest> requestsAbout(CustodianUser user, UUID pupilId) {
        UUID school = user.ownSchoolId();
        return tenancy.inSchool(school, () -> requests.all(school).stream()
                .filter(r -> r.subjectKind() == SubjectKind.PUPIL && r.subjectId().equals(pupilId)).toList());
    }

    private StoredRequest about(CustodianUser user, UUID pupilId, UUID requestId) {
        if (requestId == null) {
            throw ProblemException.badRequest("rights-request-required",
                    "Name the rights request this decision answers (rightsRequestId).");
        }
        StoredRequest request = requests.find(user.ownSchoolId(), requestId).orElseThrow(() ->
                ProblemException.notFound("rights-request-not-found", "There is no such request at your school."));
        if (request.subjectKind() != SubjectKind.PUPIL || !request.subjectId().equals(pupilId)) {
            throw ProblemException.conflict("request-subject-mismatch", "That rights request is about someone else.");
        }
        return request;
    }

    static boolean answersObjection(RequestType type) {
        return type == RequestType.OBJECTION || type == RequestType.WITHDRAWAL_OF_CONSENT;
    }
}
