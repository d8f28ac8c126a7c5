package org.custodian.rights.internal;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;


import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.rights.internal.ErasureRequests.NewErasure;
import org.custodian.rights.internal.ErasureStore.Erasure;
import org.custodian.rights.internal.ErasureStore.RuleChange;
import org.custodian.web.ClientAddress;
import org.custodian.web.ProblemException;
import org.custodian.web.RequestIds;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Two-person erasure for the school's admins and DPO: request, list, confirm (by someone other than
 * the requester), cancel, and the school's two-person rule. The pupil API's {@code DELETE} lands here too.
 */
@RestController
@RequestMapping("/api/v1/erasures")
@RequiresPermission(Permission.RIGHTS_REQUESTS)
@Tag(name = "Erasures", description = "Two-person erasure of pupils and staff")
class ErasureApiController {

    private final ErasureRequests erasures;

    ErasureApiController(ErasureRequests erasures) {
        this.erasures = erasures;
    }

    /** {@code subjectKind} PUPIL or STAFF; {@code requestReference} a rights request's id (optional); reason optional. */
    record ErasureBody(String subjectKind, String subjectId, String requestReference, String reason) {
        @Override
        public String toString() {
            return "ErasureRequest[kind=" + subjectKind + "]";
        }
    }

    record ErasureView(UUID id, String subjectKind, UUID subjectId, UUID requestReference, String purpose, String reason,
                       UUID requestedBy, Instant requestedAt, String state, UUID decidedBy, Instant decidedAt) {
        @Override
        public String toString() {
            return "ErasureView[id=" + id + ", state=" + state + "]";
        }
    }

    record RuleView(boolean twoPerson, List<RuleChange> changes) {
    }

    record RuleBody(Boolean twoPerson) {
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "Requested")
    @Operation(summary = "Request an erasure", description = "Pending until a second school admin or DPO confirms it "
            + "(201, state PENDING); erased at once (state CONFIRMED) when the school switched the two-person rule off. "
            + "Problems: subject-not-found, pupil-not-found, user-not-found, subject-under-legal-hold, "
            + "erasure-already-pending, erasure-request-mismatch, cannot-erase-own-account, last-school-admin.")
    ResponseEntity<ErasureView> request(@AuthenticationPrincipal CustodianUser user, HttpServletRequest http,
                                        @RequestBody ErasureBody body) {
        NewErasure erasure = validate(body);
        Erasure stored = erasures.request(user, erasure, RequestIds.of(http), ClientAddress.of(http));
        return ResponseEntity.created(URI.create("/api/v1/erasures/" + stored.id())).body(view(stored));
    }

    @GetMapping
    @Operation(summary = "The school's erasures", description = "Pending ones first (oldest first), then decided ones; "
            + "state=PENDING lists only those waiting for confirmation.")
    List<ErasureView> list(@AuthenticationPrincipal CustodianUser user,
                           @RequestParam(required = false) String state) {
        return erasures.list(user).stream().filter(e -> state == null || e.state().name().equalsIgnoreCase(state))
                .map(ErasureApiController::view).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One erasure")
    ErasureView one(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return view(erasures.get(user, id));
    }

    @PostMapping("/{id}/confirm")
    @Operation(summary = "Confirm a pending erasure", description = "By a school admin or DPO who did not request it "
            + "(erasure-own-confirmation otherwise). Destroys the subject's data key, deletes their rows and keeps a tombstone.")
    ErasureView confirm(@AuthenticationPrincipal CustodianUser user, HttpServletRequest http, @PathVariable UUID id) {
        return view(erasures.confirm(user, id, RequestIds.of(http), ClientAddress.of(http)));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a pending erasure")
    ErasureView cancel(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return view(erasures.cancel(user, id));
    }

    @GetMapping("/rule")
    @Operation(summary = "The school's two-person rule and its changes (who, when)")
    RuleView rule(@AuthenticationPrincipal CustodianUser user) {
        return new RuleView(erasures.twoPerson(user), erasures.ruleChanges(user));
    }

    @PutMapping("/rule")
    @Operation(summary = "Switch the two-person rule on or off (school admin only); the change is recorded")
    RuleView setRule(@AuthenticationPrincipal CustodianUser user, @RequestBody RuleBody body) {
        if (body == null || body.twoPerson() == null) {
            throw ProblemException.badRequest("malformed-request", "Send {\"twoPerson\": true} or {\"twoPerson\": false}.");
        }
        erasures.setTwoPerson(user, body.twoPerson());
        return rule(user);
    }

    static NewErasure validate(ErasureBody body) {
        if (body == null) {
            throw ProblemException.badRequest("malformed-request", "The request body is missing.");
        }
        SubjectKind kind;
        try {
            kind = SubjectKind.valueOf(String.valueOf(body.subjectKind()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-subject-kind", "subjectKind must be PUPIL or STAFF.");
        }
        return new NewErasure(kind, uuid(body.subjectId(), "subjectId", false),
                uuid(body.requestReference(), "requestReference", true), body.reason());
    }

    private static UUID uuid(String value, String field, boolean optional) {
        if (value == null || value.isBlank()) {
            if (optional) {
                return null;
            }
            throw ProblemException.badRequest("malformed-request", field + " is required.");
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("malformed-request", field + " must be a UUID.");
        }
    }

    static ErasureView view(Erasure e) {
        return new ErasureView(e.id(), e.subjectKind().name(), e.subjectId(), e.requestReference(), e.purpose(),
                e.reason(), e.requestedBy(), e.requestedAt(), e.state().name(), e.decidedBy(), e.decidedAt());
    }
}
