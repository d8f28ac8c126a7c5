package org.custodian.pupils.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.ProcessingRegister;
import org.custodian.pupils.SubjectRestrictions;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL of restrictions and objections (tables pupil_restriction, pupil_purpose_objection and
 * their history), and the checks {@link JdbcPupilRecords} and {@link JdbcPupilImports} make with them.
 * The checks run inside the data path's school-scoped transaction, before any row is read, so a
 * refused access reads nothing and (like any other refusal of the data path) logs nothing.
 */
@Component
class JdbcSubjectRestrictions implements SubjectRestrictions {

    static final String RESTRICTED_MESSAGE = "Processing of this pupil's data is restricted while a rights request "
            + "is dealt with: it is stored but not used. Only the rights workflow (purpose SUBJECT_RIGHTS_REQUEST) "
            + "and legal claims (purpose LEGAL_CLAIMS) may reach it. Ask your DPO.";
    static final String OBJECTED_MESSAGE = "This pupil's data may not be used for this purpose: an objection or a "
            + "withdrawal of consent switched it off for them. Ask your DPO.";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ProcessingRegister register;
    private final Clock clock;

    JdbcSubjectRestrictions(JdbcClient jdbc, Tenancy tenancy, ProcessingRegister register, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.register = register;
        this.clock = clock;
    }

    // ---- Enforcement, in the caller's school-scoped transaction

    /** Refuses the access if the pupil is restricted (outside the allowed purposes) or objected to its purpose. */
    void require(AccessContext context, UUID school, UUID pupilId) {
        String purpose = context.purpose();
        List<String> limits = jdbc.sql("""
                        select 'RESTRICTED' from pupil_restriction where school_id = :school and pupil_id = :pupil
                        union all
                        select 'OBJECTED' from pupil_purpose_objection
                        where school_id = :school and pupil_id = :pupil and purpose = :purpose""")
                .param("school", school).param("pupil", pupilId).param("purpose", purpose)
                .query(String.class).list();
        if (limits.contains("RESTRICTED") && !ALLOWED_WHILE_RESTRICTED.contains(purpose)) {
            throw restricted();
        }
        if (limits.contains("OBJECTED")) {
            throw objected();
        }
    }

    /**
     * Narrows a condition on table {@code pupil} to the pupils {@code purpose} may reach: neither
     * restricted (unless the purpose is allowed while restricted) nor objected to it.
     */
    void narrow(StringBuilder where, Map<String, Object> params, String purpose) {
        if (!ALLOWED_WHILE_RESTRICTED.contains(purpose)) {
            where.append(" and not exists (select 1 from pupil_restriction r"
                    + " where r.school_id = pupil.school_id and r.pupil_id = pupil.id)");
        }
        where.append(" and not exists (select 1 from pupil_purpose_objection o"
                + " where o.school_id = pupil.school_id and o.pupil_id = pupil.id and o.purpose = :limit_purpose)");
        params.put("limit_purpose", purpose);
    }

    /** Those of {@code pupils} that {@code purpose} may not reach (restricted, or objected to it). */
    Set<UUID> unreachable(UUID school, Collection<UUID> pupils, String purpose) {
        if (pupils.isEmpty()) {
            return Set.of();
        }
        UUID[] ids = pupils.toArray(UUID[]::new);
        Set<UUID> found = new HashSet<>(jdbc.sql("""
                        select pupil_id from pupil_purpose_objection
                        where school_id = ? and pupil_id = any (?) and purpose = ?""")
                .params(school, ids, purpose).query(UUID.class).list());
        if (!ALLOWED_WHILE_RESTRICTED.contains(purpose)) {
            found.addAll(jdbc.sql("select pupil_id from pupil_restriction where school_id = ? and pupil_id = any (?)")
                    .params(school, ids).query(UUID.class).list());
        }
        return found;
    }

    /** Those of {@code pupils} that {@code purpose} may reach. */
    Set<UUID> reachable(UUID school, Set<UUID> pupils, String purpose) {
        Set<UUID> reachable = new HashSet<>(pupils);
        reachable.removeAll(unreachable(school, pupils, purpose));
        return reachable;
    }

    static ProblemException restricted() {
        return ProblemException.forbidden("subject-restricted", RESTRICTED_MESSAGE);
    }

    static ProblemException objected() {
        return ProblemException.forbidden("purpose-objected", OBJECTED_MESSAGE);
    }

    // ---- Decisions

    @Override
    public Limits limits(CustodianUser actor, UUID pupilId) {
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            requirePupil(school, pupilId);
            return current(school, pupilId);
        });
    }

    @Override
    public Limits restrict(CustodianUser actor, UUID pupilId, UUID rightsRequestId) {
        return decide(actor, pupilId, school -> {
            try {
                jdbc.sql("""
                                insert into pupil_restriction (school_id, pupil_id, since, decided_by, rights_request_id)
                                values (?, ?, ?, ?, ?)""")
                        .params(school, pupilId, now(), actor.id(), rightsRequestId).update();
            } catch (DuplicateKeyException e) {
                throw ProblemException.conflict("already-restricted", "This pupil's data is restricted already.");
            }
            event(school, pupilId, "RESTRICTED", null, actor, rightsRequestId);
        });
    }

    @Override
    public Limits lift(CustodianUser actor, UUID pupilId, UUID rightsRequestId) {
        return decide(actor, pupilId, school -> {
            int lifted = jdbc.sql("delete from pupil_restriction where school_id = ? and pupil_id = ?")
                    .params(school, pupilId).update();
            if (lifted == 0) {
                throw ProblemException.conflict("not-restricted", "This pupil's data is not restricted.");
            }
            event(school, pupilId, "RESTRICTION_LIFTED", null, actor, rightsRequestId);
        });
    }

    @Override
    public Limits object(CustodianUser actor, UUID pupilId, String purpose, Basis basis, UUID rightsRequestId) {
        String code = knownPurpose(purpose);
        if (ALLOWED_WHILE_RESTRICTED.contains(code)) {
            throw ProblemException.badRequest("purpose-not-objectable", "The rights workflow and legal claims "
                    + "cannot be switched off for a pupil: restrict the pupil's data instead.");
        }
        return decide(actor, pupilId, school -> {
            try {
                jdbc.sql("""
                                insert into pupil_purpose_objection (school_id, pupil_id, purpose, basis, since, decided_by,
                                    rights_request_id)
                                values (?, ?, ?, ?, ?, ?, ?)""")
                        .params(school, pupilId, code, basis.name(), now(), actor.id(), rightsRequestId).update();
            } catch (DuplicateKeyException e) {
                throw ProblemException.conflict("already-objected", "This purpose is switched off for this pupil already.");
            }
            event(school, pupilId, basis == Basis.OBJECTION ? "OBJECTED" : "CONSENT_WITHDRAWN", code, actor,
                    rightsRequestId);
        });
    }

    @Override
    public Limits reinstate(CustodianUser actor, UUID pupilId, String purpose, UUID rightsRequestId) {
        String code = knownPurpose(purpose);
        return decide(actor, pupilId, school -> {
            int removed = jdbc.sql("delete from pupil_purpose_objection where school_id = ? and pupil_id = ? and purpose = ?")
                    .params(school, pupilId, code).update();
            if (removed == 0) {
                throw ProblemException.conflict("not-objected", "This purpose is not switched off for this pupil.");
            }
            event(school, pupilId, "PURPOSE_REINSTATED", code, actor, rightsRequestId);
        });
    }

    @Override
    public List<Decision> history(CustodianUser actor, UUID pupilId) {
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> jdbc.sql("""
                        select event, purpose, occurred_at, actor_id, rights_request_id from pupil_processing_limit_event
                        where school_id = ? and pupil_id = ? order by position""")
                .params(school, pupilId)
                .query((rs, n) -> new Decision(rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4, UUID.class),
                        rs.getObject(5, UUID.class)))
                .list());
    }

    @Override
    public long withheldFromExport(CustodianUser actor, String purpose) {
        UUID school = actor.ownSchoolId();
        StringBuilder reachable = new StringBuilder("true");
        Map<String, Object> params = new java.util.HashMap<>();
        narrow(reachable, params, purpose);
        params.put("school", school);
        params.put("today", LocalDate.now(clock.withZone(ZoneId.of("Europe/London"))));
        return tenancy.inSchool(school, () -> jdbc.sql("select count(*) from pupil where school_id = :school"
                        + " and upn_ct is not null and " + JdbcPupilRecords.ON_ROLL + " and not (" + reachable + ")")
                .params(params).query(Long.class).single());
    }

    private Limits decide(CustodianUser actor, UUID pupilId, java.util.function.Consumer<UUID> change) {
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            requirePupil(school, pupilId);
            // One decision about a pupil at a time: they are numbered in order, and the state follows them.
            jdbc.sql("select 1 from pupil where school_id = ? and id = ? for no key update").params(school, pupilId)
                    .query(Integer.class).list();
            change.accept(school);
            return current(school, pupilId);
        });
    }

    private Limits current(UUID school, UUID pupilId) {
        Restriction restriction = jdbc.sql("""
                        select since, decided_by, rights_request_id from pupil_restriction
                        where school_id = ? and pupil_id = ?""")
                .params(school, pupilId)
                .query((rs, n) -> new Restriction(rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)))
                .optional().orElse(null);
        List<Objection> objections = jdbc.sql("""
                        select o.purpose, o.basis, o.since, o.decided_by, o.rights_request_id
                        from pupil_purpose_objection o join processing_purpose p on p.code = o.purpose
                        where o.school_id = ? and o.pupil_id = ? order by p.position""")
                .params(school, pupilId)
                .query((rs, n) -> new Objection(rs.getString(1), Basis.valueOf(rs.getString(2)),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4, UUID.class),
                        rs.getObject(5, UUID.class)))
                .list();
        return new Limits(pupilId, restriction, objections);
    }

    /**
     * An erased pupil's restriction and objections go with the record: nothing is left to restrict.
     * The decisions' history (ids and codes only) stays with the rights requests it answers.
     */
    void forget(UUID school, UUID pupilId) {
        jdbc.sql("delete from pupil_restriction where school_id = ? and pupil_id = ?").params(school, pupilId).update();
        jdbc.sql("delete from pupil_purpose_objection where school_id = ? and pupil_id = ?").params(school, pupilId)
                .update();
    }

    void forgetAll(UUID school, List<UUID> pupilIds) {
        UUID[] ids = pupilIds.toArray(UUID[]::new);
        jdbc.sql("delete from pupil_restriction where school_id = ? and pupil_id = any (?)").params(school, ids).update();
        jdbc.sql("delete from pupil_purpose_objection where school_id = ? and pupil_id = any (?)").params(school, ids).update();
    }

    private void event(UUID school, UUID pupilId, String event, String purpose, CustodianUser actor, UUID request) {
        jdbc.sql("""
                        insert into pupil_processing_limit_event (school_id, pupil_id, position, event, purpose,
                            occurred_at, actor_id, rights_request_id)
                        select ?, ?, coalesce(max(position), 0) + 1, ?, ?, ?, ?, ?
                        from pupil_processing_limit_event where school_id = ? and pupil_id = ?""")
                .params(school, pupilId, event, purpose, now(), actor.id(), request, school, pupilId).update();
    }

    private void requirePupil(UUID school, UUID pupilId) {
        boolean exists = jdbc.sql("select exists (select 1 from pupil where school_id = ? and id = ? and upn_ct is not null)")
                .params(school, pupilId).query(Boolean.class).single();
        if (!exists) {
            throw ProblemException.notFound("pupil-not-found", "There is no such pupil at your school.");
        }
    }

    private String knownPurpose(String purpose) {
        return register.find(purpose == null ? "" : purpose.strip()).map(org.custodian.pupils.Purpose::code)
                .filter(code -> !ProcessingRegister.ACCESS_LOG_REVIEW.equals(code))
                .orElseThrow(() -> new ProblemException(HttpStatus.BAD_REQUEST, "purpose-unknown",
                        "Name a purpose from the record of processing: this one is not in it."));
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
