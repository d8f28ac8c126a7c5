package org.custodian.pupils.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.schools.PupilDataGate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The minimal pupil list: proves that pupil data sits behind the agreement gate and tenancy. */
@RestController
@RequestMapping("/api/v1/pupils")
class PupilApiController {

    private final PupilDataGate gate;
    private final JdbcClient jdbc;

    PupilApiController(PupilDataGate gate, JdbcClient jdbc) {
        this.gate = gate;
        this.jdbc = jdbc;
    }

    @GetMapping
    @RequiresPermission(Permission.PUPIL_DATA)
    @Transactional(readOnly = true)
    List<PupilSummary> list(@AuthenticationPrincipal CustodianUser user) {
        gate.requireAgreementAccepted(user.schoolId());
        // Row-level security scopes this to the user's school.
        return jdbc.sql("select id, created_at from pupil order by created_at, id")
                .query((row, n) -> new PupilSummary(row.getObject("id", UUID.class),
                        row.getTimestamp("created_at").toInstant()))
                .list();
    }

    record PupilSummary(UUID id, Instant createdAt) {
    }
}
