package org.custodian.keyrotation.internal;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.crypto.BlindIndexKeys;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.pupils.PupilIndexes;
import org.custodian.schools.Schools;
import org.custodian.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Platform admins rotate a school's blind-index key, watch the rebuild, and retire the old key. */
@RestController
@RequestMapping("/api/v1/platform/schools/{schoolId}/blind-index-rotation")
class BlindIndexRotationApiController {

    private final Schools schools;
    private final BlindIndexKeys blindIndexKeys;
    private final PupilIndexes pupilIndexes;

    BlindIndexRotationApiController(Schools schools, BlindIndexKeys blindIndexKeys, PupilIndexes pupilIndexes) {
        this.schools = schools;
        this.blindIndexKeys = blindIndexKeys;
        this.pupilIndexes = pupilIndexes;
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "Started")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    ResponseEntity<BlindIndexStatus> rotate(@AuthenticationPrincipal CustodianUser admin, @PathVariable UUID schoolId) {
        schools.get(schoolId, admin);
        blindIndexKeys.rotate(schoolId);
        return ResponseEntity.status(HttpStatus.CREATED).body(status(schoolId));
    }

    @GetMapping
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    BlindIndexStatus status(@AuthenticationPrincipal CustodianUser admin, @PathVariable UUID schoolId) {
        schools.get(schoolId, admin);
        return status(schoolId);
    }

    /** Takes the older keys out of the school's searches; refused while any pupil is still indexed under one. */
    @DeleteMapping
    @ApiResponse(responseCode = "204", description = "Retired")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    ResponseEntity<Void> retire(@AuthenticationPrincipal CustodianUser admin, @PathVariable UUID schoolId) {
        schools.get(schoolId, admin);
        if (pupilIndexes.awaitingReindex(schoolId) > 0) {
            throw ProblemException.conflict("blind-index-rebuild-unfinished",
                    "Pupils are still indexed under the older key: wait until awaitingReindex is 0.");
        }
        blindIndexKeys.retireOlderKeys(schoolId, pupilIndexes.fingerprintsUnderOlderKeys(schoolId) > 0);
        return ResponseEntity.noContent().build();
    }

    private BlindIndexStatus status(UUID schoolId) {
        return new BlindIndexStatus(blindIndexKeys.olderKeyIds(schoolId), pupilIndexes.awaitingReindex(schoolId));
    }

    /** {@code olderKeyIds}: keys searches still use besides the primary; {@code awaitingReindex}: pupils still under one. */
    record BlindIndexStatus(List<Long> olderKeyIds, long awaitingReindex) {
    }
}
