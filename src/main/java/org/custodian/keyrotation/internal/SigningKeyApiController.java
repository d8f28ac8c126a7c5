package org.custodian.keyrotation.internal;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.crypto.SigningKeys;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Platform admins rotate the key that signs access-log checkpoints: a new key signs from then on;
 * the old public keys stay listed (checkpoints they signed keep verifying), their private halves are
 * destroyed.
 */
@RestController
@RequestMapping("/api/v1/platform/signing-key")
class SigningKeyApiController {

    private final SigningKeys signingKeys;

    SigningKeyApiController(SigningKeys signingKeys) {
        this.signingKeys = signingKeys;
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "Created")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    ResponseEntity<List<Key>> rotate() {
        signingKeys.rotate();
        return ResponseEntity.status(HttpStatus.CREATED).body(keys());
    }

    /** Every key, oldest first, the current one last. */
    @GetMapping
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    List<Key> keys() {
        return signingKeys.publicKeys().stream()
                .map(key -> new Key(key.pem(), key.createdAt(), key.retiredAt(), key.current()))
                .toList();
    }

    record Key(String publicKeyPem, Instant createdAt, Instant retiredAt, boolean current) {
    }
}
