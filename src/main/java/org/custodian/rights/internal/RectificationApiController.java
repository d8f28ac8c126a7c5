package org.custodian.rights.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.custodian.accesslog.SubjectRecipients.Recipient;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.rights.internal.RectificationStore.Correction;
import org.custodian.rights.internal.Rectifications.Rectification;
import org.custodian.web.ClientAddress;
import org.custodian.web.ProblemException;
import org.custodian.web.RequestIds;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rectification of a pupil's record under a rectification request: {@code POST} corrects fields
 * (with the record's version, as {@code If-Match} elsewhere), {@code GET} lists the corrections made
 * (old and new values) and the recipients that must be told of them (UK GDPR Art 19): every export,
 * and every API token that read the pupil, since the corrected value was last changed.
 */
@RestController
@RequestMapping("/api/v1/rights-requests/{id}/rectification")
@RequiresPermission(Permission.RIGHTS_REQUESTS)
class RectificationApiController {

    static final int MAX_VALUE = 200;

    private final Rectifications rectifications;

    RectificationApiController(Rectifications rectifications) {
        this.rectifications = rectifications;
    }

    /**
     * The fields to correct, by the names the pupils API uses ({@code upn}, {@code forename},
     * {@code surname}, {@code dateOfBirth}, {@code admissionNumber}, {@code sex}, {@code ncYear},
     * {@code registrationGroup}); an empty value clears an optional field.
     */
    record CorrectionBody(Map<String, String> fields, Long expectedVersion) {
        @Override
        public String toString() {
            return "CorrectionBody[redacted]";
        }
    }

    record CorrectionView(int position, String field, String oldValue, String newValue, Instant recordedAt,
                          UUID actorId, long pupilVersion) {
        @Override
        public String toString() {
            return "CorrectionView[position=" + position + ", field=" + field + "]";
        }
    }

    /** {@code kind} is {@code EXPORT} or {@code API_TOKEN}; {@code tokenLabel} the token's name where known. */
    record RecipientView(long sequence, Instant occurredAt, String kind, String action, UUID actorId,
                         String actorRole, String purpose, String tokenLabel) {
    }

    record RectificationView(UUID requestId, UUID pupilId, List<CorrectionView> corrections,
                             List<RecipientView> recipients) {
    }

    @GetMapping
    RectificationView get(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return view(rectifications.get(user, id));
    }

    @PostMapping
    RectificationView correct(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id,
                              @RequestBody CorrectionBody body, HttpServletRequest http) {
        Map<String, String> fields = validate(body);
        return view(rectifications.rectify(user, id, fields, body.expectedVersion(), RequestIds.of(http),
                ClientAddress.of(http)));
    }

    static Map<String, String> validate(CorrectionBody body) {
        if (body == null) {
            throw ProblemException.badRequest("malformed-request", "The request body is missing.");
        }
        List<Map<String, String>> errors = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        if (body.fields() == null || body.fields().isEmpty()) {
            errors.add(error("fields", "required", "Name at least one field to correct."));
        } else {
            body.fields().forEach((field, value) -> {
                if (!Rectifications.correctable(field)) {
                    errors.add(error("fields", "unknown-field", "Only these fields can be corrected: "
                            + String.join(", ", Rectifications.FIELDS) + ", and categories.<NAME> for an optional category."));
                } else if (value != null && value.length() > MAX_VALUE) {
                    errors.add(error(field, "invalid-format", "A value can be at most " + MAX_VALUE + " characters."));
                } else {
                    fields.put(field, value);
                }
            });
        }
        if (body.expectedVersion() == null || body.expectedVersion() < 1) {
            errors.add(error("expectedVersion", "required",
                    "Give the version of the record you read (its ETag), so no other change is overwritten."));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "validation-failed", "The request has invalid fields.",
                    errors);
        }
        return fields;
    }

    private static Map<String, String> error(String field, String code, String message) {
        return Map.of("field", field, "code", code, "message", message);
    }

    static RectificationView view(Rectification rectification) {
        return new RectificationView(rectification.requestId(), rectification.pupilId(),
                rectification.corrections().stream().map(RectificationApiController::view).toList(),
                rectification.recipients().stream().map(RectificationApiController::view).toList());
    }

    private static CorrectionView view(Correction c) {
        return new CorrectionView(c.position(), c.field(), c.oldValue(), c.newValue(), c.recordedAt(), c.actorId(),
                c.pupilVersion());
    }

    private static RecipientView view(Recipient r) {
        return new RecipientView(r.sequence(), r.occurredAt(), r.kind(), r.action(), r.actorId(), r.actorRole(),
                r.purpose(), r.tokenLabel());
    }
}
