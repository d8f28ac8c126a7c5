package org.custodian.rights.internal;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.rights.LegalHolds;
import org.custodian.rights.LegalHolds.Hold;
import org.custodian.rights.LegalHolds.NewHold;
import org.custodian.rights.LegalHolds.Scope;
import org.custodian.web.ProblemException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Legal holds, for the school's DPO and admins: place, lift, list. A standing hold blocks erasure. */
@RestController
@RequestMapping("/api/v1/legal-holds")
@RequiresPermission(Permission.RIGHTS_REQUESTS)
@Tag(name = "Legal holds", description = "Holds that block erasure of a subject or the whole school")
class LegalHoldApiController {

    private final LegalHolds holds;

    LegalHoldApiController(LegalHolds holds) {
        this.holds = holds;
    }

    /** {@code scope} PUPIL, STAFF, CATEGORY or SCHOOL; {@code reviewOn} as yyyy-MM-dd (optional). */
    record HoldBody(String scope, String subjectId, String category, String reason, String reviewOn) {
        @Override
        public String toString() {
            return "HoldBody[scope=" + scope + "]";
        }
    }

    record Placed(UUID id) {
    }

    @PostMapping
    @Operation(summary = "Place a legal hold", description = "Problem invalid-legal-hold for a malformed hold.")
    ResponseEntity<Placed> place(@AuthenticationPrincipal CustodianUser user, @RequestBody HoldBody body) {
        UUID id = holds.place(user, validate(body));
        return ResponseEntity.created(URI.create("/api/v1/legal-holds/" + id)).body(new Placed(id));
    }

    @PostMapping("/{id}/lift")
    @Operation(summary = "Lift a standing legal hold")
    ResponseEntity<Void> lift(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        holds.lift(user, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    @Operation(summary = "The school's legal holds, standing and lifted, newest first")
    List<Hold> list(@AuthenticationPrincipal CustodianUser user) {
        return holds.list(user);
    }

    static NewHold validate(HoldBody body) {
        if (body == null) {
            throw ProblemException.badRequest("malformed-request", "The request body is missing.");
        }
        Scope scope;
        try {
            scope = Scope.valueOf(String.valueOf(body.scope()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-legal-hold", "scope must be PUPIL, STAFF, CATEGORY or SCHOOL.");
        }
        UUID subject;
        LocalDate review;
        try {
            subject = body.subjectId() == null || body.subjectId().isBlank() ? null : UUID.fromString(body.subjectId().strip());
            review = body.reviewOn() == null || body.reviewOn().isBlank() ? null : LocalDate.parse(body.reviewOn().strip());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-legal-hold", "subjectId must be a UUID and reviewOn a date (yyyy-MM-dd).");
        }
        return new NewHold(scope, subject, body.category(), body.reason(), review);
    }
}
