package org.custodian.accesslog.internal;

import java.util.UUID;

import org.custodian.accesslog.AccessLogVerifier;
import org.custodian.accesslog.AccessLogVerifier.Verification;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Platform admins verify a school's access log; the answer names ids, positions and counts only. */
@RestController
class AccessLogVerifyController {

    private final AccessLogVerifier verifier;

    AccessLogVerifyController(AccessLogVerifier verifier) {
        this.verifier = verifier;
    }

    @GetMapping("/api/v1/access-log/verify")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    Verification verify(@RequestParam UUID schoolId) {
        return verifier.verify(schoolId);
    }
}
