package org.custodian.rights.internal;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;


import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.rights.LegalHolds;
import org.custodian.rights.LegalHolds.Hold;
import org.custodian.rights.LegalHolds.NewHold;
import org.custodian.rights.LegalHolds.Review;
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

/**
 * Legal holds, for the school's DPO and admins: place, review, lift, list, and each hold's record.
 * A standing hold blocks erasure.
 */
@RestController
@RequestMapping("/api/v1/legal-holds")
@RequiresPermission(Permission.RIGHTS_REQUESTS)
@Tag(name = "Legal holds", description = "Holds that block erasure of a subject or the whole school")
class LegalHoldApiController {

    private final LegalHolds holds;

    LegalHoldApiController(LegalHolds holds) {
        this.holds = holds;
    }

    /** {@code scope} PUPIL, STAFF, CATEGORY or SCHOOL; {@code reviewOn} as yyyy-MM-dd, after today. */
    record HoldBody(String scope, String subjectId, String category, String reason, String reviewOn) {
        @Override
        public String toString() {
            return "HoldBody[scope=" + scope + "]";
        }
    }

    record Placed(UUID id) {
    }

    /** {@code nextReviewOn} as yyyy-MM-dd, after today; {@code note} optional (kept encrypted). */
    record ReviewBody(String note, String nextReviewOn) {
        @Override
        public String toString() {
            return "ReviewBody[redacted]";
        }
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "Placed")
    @Operation(summary = "Place a legal hold", description = "Problem invalid-legal-hold for a malformed hold.")
    ResponseEntity<Placed> place(@AuthenticationPrincipal CustodianUser user, @RequestBody HoldBody body) {
        UUID id = holds.place(user, validate(body));
        return ResponseEntity.created(URI.create("/api/v1/legal-holds/" + id)).body(new Placed(id));
    }

    @PostMapping("/{id}/lift")
    @ApiResponse(responseCode = "204", description = "Lifted")
    @Operation(summary = "Lift a standing legal hold")
    ResponseEntity<Void> lift(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        holds.lift(user, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/reviews")
    @ApiResponse(responseCode = "201", description = "Recorded")
    @Operation(summary = "Record the review of a standing legal hold and set its next review date",
            description = "Problem invalid-legal-hold for a next review date missing or not after today, or a note "
                    + "over 2000 characters; legal-hold-not-found if no such hold stands.")
    ResponseEntity<Review> review(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id,
                                  @RequestBody ReviewBody body) {
        if (body == null) {
            throw ProblemException.badRequest("malformed-request", "The request body is missing.");
        }
        Review review = holds.review(user, id, body.note(), date(body.nextReviewOn(), "nextReviewOn"));
        return ResponseEntity.created(URI.create("/api/v1/legal-holds/" + id + "/reviews")).body(review);
    }

    @GetMapping("/{id}/reviews")
    @Operation(summary = "A hold's record, oldest first: placed, each review, lifted")
    List<Review> reviews(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        List<Review> record = holds.reviews(user, id);
        if (record.isEmpty()) {
            throw ProblemException.notFound("legal-hold-not-found", "There is no legal hold with that id at your school.");
        }
        return record;
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

    private static LocalDate date(String value, String field) {
        try {
            return value == null || value.isBlank() ? null : LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-legal-hold", field + " must be a date (yyyy-MM-dd).");
        }
    }
}
