package org.custodian.keyrotation.internal;

import java.util.List;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.crypto.MasterKeyRotation;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.schools.Schools;
import org.custodian.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Platform admins rotate the master key (a new primary in the master key file; the older keys stay),
 * watch the re-wrap, and retire an older key once nothing is wrapped under it.
 */
@RestController
@RequestMapping("/api/v1/platform/master-key")
class MasterKeyApiController {

    private final MasterKeyRotation masterKeys;
    private final MasterKeyRewrapJob job;
    private final Schools schools;

    MasterKeyApiController(MasterKeyRotation masterKeys, MasterKeyRewrapJob job, Schools schools) {
        this.masterKeys = masterKeys;
        this.job = job;
        this.schools = schools;
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "Created")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    ResponseEntity<MasterKeyStatus> rotate() {
        masterKeys.rotate();
        return ResponseEntity.status(HttpStatus.CREATED).body(status());
    }

    @GetMapping
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    MasterKeyStatus status() {
        MasterKeyRotation.Status status = masterKeys.status();
        return new MasterKeyStatus(status.primaryKeyId(), status.keyIds(), job.awaiting());
    }

    @DeleteMapping("/{keyId}")
    @ApiResponse(responseCode = "204", description = "Retired")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    ResponseEntity<Void> retire(@PathVariable long keyId) {
        boolean removed;
        try {
            removed = masterKeys.retire(keyId, schools.statuses().stream().map(Schools.Status::id).toList());
        } catch (MasterKeyRotation.MasterKeyInUseException e) {
            throw ProblemException.conflict("master-key-in-use",
                    "Keysets or secrets are still wrapped under an older master key: wait until awaitingRewrap is 0.");
        } catch (IllegalArgumentException e) {
            throw ProblemException.conflict("master-key-is-primary", "The primary master key cannot be retired.");
        }
        if (!removed) {
            throw ProblemException.notFound("master-key-not-found", "The master key file holds no such key.");
        }
        return ResponseEntity.noContent().build();
    }

    /** {@code awaitingRewrap}: keysets and secrets still under an older master key; 0 means older keys can be retired. */
    record MasterKeyStatus(long primaryKeyId, List<Long> keyIds, long awaitingRewrap) {
    }
}
