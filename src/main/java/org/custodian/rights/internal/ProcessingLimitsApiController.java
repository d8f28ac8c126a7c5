package org.custodian.rights.internal;

import java.util.List;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.pupils.SubjectRestrictions.Decision;
import org.custodian.pupils.SubjectRestrictions.Limits;
import org.custodian.web.ProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A pupil's restriction (UK GDPR Art 18) and the purposes switched off for them by an objection
 * (Art 21) or a withdrawal of consent, each decided against a rights request about the pupil
 * ({@code rightsRequestId}). Restricting is {@code PUT .../restriction}, lifting {@code DELETE};
 * switching a purpose off is {@code POST .../objections}, back on {@code DELETE .../objections/{purpose}}.
 * While restricted, the pupil's record answers {@code subject-restricted} to every purpose but
 * SUBJECT_RIGHTS_REQUEST and LEGAL_CLAIMS; an objected purpose answers {@code purpose-objected}.
 */
@RestController
@RequestMapping("/api/v1/pupils/{pupilId}")
@RequiresPermission(Permission.RIGHTS_REQUESTS)
class ProcessingLimitsApiController {

    private final ProcessingLimits limits;

    ProcessingLimitsApiController(ProcessingLimits limits) {
        this.limits = limits;
    }

    record DecisionBody(String rightsRequestId) {
    }

    record ObjectionBody(String purpose, String rightsRequestId) {
    }

    /** Where the pupil stands, with every decision so far (oldest first). */
    record LimitsView(Limits limits, List<Decision> history) {
    }

    @GetMapping("/restriction")
    LimitsView get(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID pupilId) {
        return view(user, pupilId, limits.limits(user, pupilId));
    }

    @PutMapping("/restriction")
    LimitsView restrict(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID pupilId,
                        @RequestBody DecisionBody body) {
        return view(user, pupilId, limits.restrict(user, pupilId, requestId(body == null ? null : body.rightsRequestId())));
    }

    @DeleteMapping("/restriction")
    LimitsView lift(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID pupilId,
                    @RequestParam(required = false) String rightsRequestId) {
        return view(user, pupilId, limits.lift(user, pupilId, requestId(rightsRequestId)));
    }

    @GetMapping("/objections")
    LimitsView objections(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID pupilId) {
        return get(user, pupilId);
    }

    @PostMapping("/objections")
    LimitsView object(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID pupilId,
                      @RequestBody ObjectionBody body) {
        if (body == null || body.purpose() == null || body.purpose().isBlank()) {
            throw ProblemException.badRequest("purpose-required", "Name the purpose to switch off for the pupil.");
        }
        return view(user, pupilId, limits.object(user, pupilId, body.purpose(), requestId(body.rightsRequestId())));
    }

    @DeleteMapping("/objections/{purpose}")
    LimitsView reinstate(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID pupilId,
                         @PathVariable String purpose, @RequestParam(required = false) String rightsRequestId) {
        return view(user, pupilId, limits.reinstate(user, pupilId, purpose, requestId(rightsRequestId)));
    }

    private LimitsView view(CustodianUser user, UUID pupilId, Limits current) {
        return new LimitsView(current, limits.history(user, pupilId));
    }

    static UUID requestId(String given) {
        if (given == null || given.isBlank()) {
            throw ProblemException.badRequest("rights-request-required",
                    "Name the rights request this decision answers (rightsRequestId).");
        }
        try {
            return UUID.fromString(given.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("rights-request-required",
                    "rightsRequestId must be the id of a rights request.");
        }
    }
}
