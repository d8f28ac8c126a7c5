package org.custodian.bench;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.Sex;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's baseline (profile {@code benchmark} only, test classpath only): the same pupil
 * record as {@code GET /api/v1/pupils/{id}}, in the same JSON shape, behind the same sign-in,
 * session and permission check and in the same school-scoped transaction (row-level security), but
 * by one plain select of an unencrypted copy: no purpose check, no agreement gate, no decryption,
 * no access-log entry.
 */
@Profile("benchmark")
@RestController
class PlainPupilController {

    static final String PATH = "/api/v1/bench/plain-pupils/";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;

    PlainPupilController(JdbcClient jdbc, Tenancy tenancy) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
    }

    @GetMapping(PATH + "{id}")
    @RequiresPermission(Permission.PUPIL_DATA)
    ResponseEntity<PupilRecord> read(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        UUID school = user.schoolId();
        PupilRecord record = tenancy.inSchool(school, () -> jdbc.sql("""
                        select id, upn, forename, surname, date_of_birth, admission_number, sex, nc_year,
                            registration_group, classes, version, created_at, updated_at
                        from bench_plain_pupil where school_id = ? and id = ?""")
                .params(school, id).query(PlainPupilController::record).optional()
                .orElseThrow(() -> ProblemException.notFound("pupil-not-found", "There is no such pupil at your school.")));
        return ResponseEntity.ok().eTag("\"" + record.version() + "\"").body(record);
    }

    private static PupilRecord record(ResultSet rs, int n) throws SQLException {
        List<PupilRecord.SchoolClass> classes = new ArrayList<>();
        String registrationGroup = rs.getString("registration_group");
        if (registrationGroup != null) {
            classes.add(new PupilRecord.SchoolClass(registrationGroup, "REGISTRATION", List.of(), List.of()));
        }
        Array codes = rs.getArray("classes");
        for (String code : (String[]) codes.getArray()) {
            classes.add(new PupilRecord.SchoolClass(code, "TEACHING", List.of(), List.of()));
        }
        var updated = rs.getTimestamp("updated_at");
        return new PupilRecord(rs.getObject("id", UUID.class), rs.getString("upn"), rs.getString("forename"),
                rs.getString("surname"), rs.getDate("date_of_birth").toLocalDate(), rs.getString("admission_number"),
                Sex.valueOf(rs.getString("sex")), rs.getString("nc_year"), registrationGroup, classes, Map.of(),
                rs.getLong("version"), rs.getTimestamp("created_at").toInstant(),
                updated == null ? null : updated.toInstant(), null, null);
    }
}
