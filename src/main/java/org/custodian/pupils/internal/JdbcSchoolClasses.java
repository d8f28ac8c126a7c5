package org.custodian.pupils.internal;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.custodian.accesslog.TeachingAssignments;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.StaffAccounts;
import org.custodian.pupils.SchoolClasses;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Also tells the access-log flagging which pupils a member of staff teaches (OUTSIDE_CLASSES). */
@Component
class JdbcSchoolClasses implements SchoolClasses, TeachingAssignments {

    private static final Set<String> KINDS = Set.of("REGISTRATION", "TEACHING");

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final StaffAccounts staffAccounts;

    JdbcSchoolClasses(JdbcClient jdbc, Tenancy tenancy, StaffAccounts staffAccounts) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.staffAccounts = staffAccounts;
    }

    @Override
    public List<ClassSummary> list(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("""
                        select c.kind, c.code,
                               array(select staff_id from class_staff s where s.school_id = c.school_id
                                     and s.class_id = c.id and s.duty = 'TEACHER' order by staff_id) as teachers,
                               array(select staff_id from class_staff s where s.school_id = c.school_id
                                     and s.class_id = c.id and s.duty = 'SUPERVISOR' order by staff_id) as supervisors,
                               (select count(*) from class_pupil p where p.school_id = c.school_id
                                     and p.class_id = c.id) as pupils
                        from school_class c where c.school_id = ? order by c.kind, c.code""")
                .param(schoolId)
                .query((row, n) -> new ClassSummary(row.getString("kind"), row.getString("code"),
                        ids(row.getArray("teachers")), ids(row.getArray("supervisors")), row.getLong("pupils")))
                .list());
    }

    @Override
    public void assignStaff(CustodianUser actor, String kind, String code, Set<UUID> teachers, Set<UUID> supervisors) {
        UUID schoolId = actor.ownSchoolId();
        if (kind == null || !KINDS.contains(kind)) {
            throw ProblemException.badRequest("unknown-class-kind", "A class is of kind REGISTRATION or TEACHING.");
        }
        if (code == null || !code.strip().matches("[\\p{Alnum}][\\p{Alnum} /._-]{0,39}")) {
            throw ProblemException.badRequest("invalid-class-code", "A class code has 1 to 40 letters, digits, spaces or / . _ -.");
        }
        Set<UUID> named = new HashSet<>(teachers);
        named.addAll(supervisors);
        if (!staffAccounts.displayNames(schoolId, named).keySet().containsAll(named)) {
            throw ProblemException.badRequest("unknown-staff", "Every teacher and supervisor must be a member of staff at your school.");
        }
        tenancy.inSchool(schoolId, () -> {
            jdbc.sql("insert into school_class (school_id, id, kind, code) values (?, ?, ?, ?) on conflict do nothing")
                    .params(schoolId, UUID.randomUUID(), kind, code.strip()).update();
            UUID classId = jdbc.sql("select id from school_class where school_id = ? and kind = ? and code = ?")
                    .params(schoolId, kind, code.strip()).query(UUID.class).single();
            jdbc.sql("delete from class_staff where school_id = ? and class_id = ?").params(schoolId, classId).update();
            teachers.forEach(id -> addStaff(schoolId, classId, id, "TEACHER"));
            supervisors.forEach(id -> addStaff(schoolId, classId, id, "SUPERVISOR"));
        });
    }

    private void addStaff(UUID schoolId, UUID classId, UUID staffId, String duty) {
        jdbc.sql("insert into class_staff (school_id, class_id, staff_id, duty) values (?, ?, ?, ?)")
                .params(schoolId, classId, staffId, duty).update();
    }

    @Override
    public Set<UUID> pupilsTaughtBy(UUID schoolId, UUID staffId) {
        return tenancy.inSchool(schoolId, () -> new HashSet<>(jdbc.sql("""
                        select distinct p.pupil_id from class_staff s
                        join class_pupil p on p.school_id = s.school_id and p.class_id = s.class_id
                        where s.school_id = ? and s.staff_id = ?""")
                .params(schoolId, staffId).query(UUID.class).list()));
    }

    private static List<UUID> ids(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(UUID.class::cast).toList();
    }
}
