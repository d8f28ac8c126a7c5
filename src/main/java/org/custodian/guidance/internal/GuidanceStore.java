package org.custodian.guidance.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of guidance_version, guidance_requirement and guidance_acknowledgement; call inside the school's scope. */
@Repository
class GuidanceStore {

    private final JdbcClient jdbc;

    GuidanceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Version(int version, String body, UUID publishedBy, Instant publishedAt) {
    }

    /** What the access check needs in one query: whether acknowledgement is required and of which version. */
    record Standing(boolean required, Integer currentVersion, boolean acknowledged) {
    }

    Standing standing(UUID schoolId, UUID userId) {
        return jdbc.sql("""
                        select coalesce((select required from guidance_requirement where school_id = :school
                                          order by position desc limit 1), false) as required,
                               v.version,
                               exists (select 1 from guidance_acknowledgement a
                                        where a.school_id = :school and a.user_id = :user and a.version = v.version) as acknowledged
                          from (select max(version) as version from guidance_version where school_id = :school) v""")
                .param("school", schoolId).param("user", userId)
                .query((rs, n) -> new Standing(rs.getBoolean("required"), (Integer) rs.getObject("version"),
                        rs.getBoolean("acknowledged")))
                .single();
    }

    Optional<Version> current(UUID schoolId) {
        return jdbc.sql("""
                        select version, body, published_by, published_at from guidance_version
                         where school_id = ? order by version desc limit 1""")
                .param(schoolId).query((rs, n) -> new Version(rs.getInt(1), rs.getString(2),
                        rs.getObject(3, UUID.class), rs.getTimestamp(4).toInstant())).optional();
    }

    /** The next version, numbered under a per-school lock so two admins cannot publish the same number. */
    int publish(UUID schoolId, String body, UUID by, Instant now) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('guidance_version:' || ?, 0))")
                .param(schoolId.toString()).query((rs, n) -> 0).list();
        int next = jdbc.sql("select coalesce(max(version), 0) + 1 from guidance_version where school_id = ?")
                .param(schoolId).query(Integer.class).single();
        jdbc.sql("insert into guidance_version (school_id, version, body, published_by, published_at) values (?, ?, ?, ?, ?)")
                .params(schoolId, next, body, by, Timestamp.from(now)).update();
        return next;
    }

    void require(UUID schoolId, boolean required, UUID by, Instant now) {
        jdbc.sql("insert into guidance_requirement (school_id, id, required, changed_by, changed_at) values (?, ?, ?, ?, ?)")
                .params(schoolId, UUID.randomUUID(), required, by, Timestamp.from(now)).update();
    }

    /** False if the member of staff had already acknowledged that version. */
    boolean acknowledge(UUID schoolId, UUID userId, int version, Instant now) {
        return jdbc.sql("""
                        insert into guidance_acknowledgement (school_id, user_id, version, acknowledged_at)
                        values (?, ?, ?, ?) on conflict do nothing""")
                .params(schoolId, userId, version, Timestamp.from(now)).update() == 1;
    }

    record Acknowledgement(UUID userId, int version, Instant acknowledgedAt) {
    }

    List<Acknowledgement> acknowledgements(UUID schoolId) {
        return jdbc.sql("""
                        select user_id, version, acknowledged_at from guidance_acknowledgement
                         where school_id = ? order by acknowledged_at desc, user_id""")
                .param(schoolId).query((rs, n) -> new Acknowledgement(rs.getObject(1, UUID.class), rs.getInt(2),
                        rs.getTimestamp(3).toInstant())).list();
    }
}
