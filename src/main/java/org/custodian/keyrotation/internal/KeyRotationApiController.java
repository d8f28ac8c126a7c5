package org.custodian.keyrotation.internal;

import java.util.UUID;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.crypto.SubjectKeys;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.schools.Schools;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Platform admins rotate a school's key-wrapping keyset and watch the re-wrap progress. */
@RestController
@RequestMapping("/api/v1/platform/schools/{schoolId}/key-rotation")
class KeyRotationApiController {

    private final Schools schools;
    private final SubjectKeys subjectKeys;

    KeyRotationApiController(Schools schools, SubjectKeys subjectKeys) {
        this.schools = schools;
        this.subjectKeys = subjectKeys;
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "Started")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    ResponseEntity<RotationStatus> rotate(@AuthenticationPrincipal CustodianUser admin, @PathVariable UUID schoolId) {
        schools.get(schoolId, admin);
        long primary = subjectKeys.rotateSchoolKeyset(schoolId);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new RotationStatus(primary, subjectKeys.subjectKeysAwaitingRewrap(schoolId)));
    }

    @GetMapping
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    RotationStatus status(@AuthenticationPrincipal CustodianUser admin, @PathVariable UUID schoolId) {
        schools.get(schoolId, admin);
        return new RotationStatus(null, subjectKeys.subjectKeysAwaitingRewrap(schoolId));
    }

    /** {@code awaitingRewrap} data keys are still wrapped under an older school key; the job moves them. */
    record RotationStatus(Long primaryKeyId, long awaitingRewrap) {
    }

}
