package org.custodian.backups.internal;

import java.util.List;
import java.util.UUID;

import org.custodian.backups.SchoolRestore;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/platform/backups/school-restores}: restoring one school into a staging school (platform admins). */
@RestController
@RequiresPermission(Permission.MAINTENANCE)
class SchoolRestoreApiController {

    private static final int SHOWN = 100;

    private final StagingRestorer stagingRestorer;

    SchoolRestoreApiController(StagingRestorer stagingRestorer) {
        this.stagingRestorer = stagingRestorer;
    }

    /** The data backup's name, the key backup's (null: the newest) and the school. */
    record SchoolRestoreRequest(String dataBackup, String keyBackup, UUID schoolId) {
    }

    @PostMapping("/api/v1/platform/backups/school-restores")
    @ResponseStatus(HttpStatus.CREATED)
    SchoolRestore restore(@RequestBody SchoolRestoreRequest request, @AuthenticationPrincipal CustodianUser actor) {
        if (request == null) {
            throw ProblemException.badRequest("invalid-school-restore", "Name the data backup and the school.");
        }
        return stagingRestorer.restore(new StagingRestorer.Request(request.dataBackup(), request.keyBackup(),
                request.schoolId()), actor);
    }

    /** The latest school-scoped restores, newest first (refused and failed ones too). */
    @GetMapping("/api/v1/platform/backups/school-restores")
    List<SchoolRestore> latest() {
        return stagingRestorer.latest(SHOWN);
    }
}
