package org.custodian.accesslog.internal;

import java.sql.Timestamp;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import org.custodian.accesslog.ActorAccesses;
import org.custodian.identity.StaffAccessLog;
import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Served by the (school_id, actor_id, occurred_at) index of the access log. */
@Service
class JdbcActorAccesses implements ActorAccesses {

    private static final String WINDOW = """
            select subject_ids, purpose from access_log_entry
             where school_id = :school and actor_id = :actor and occurred_at >= :from and occurred_at < :to
               and (cast(:ip as text) is null or source_ip = :ip)""";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;

    JdbcActorAccesses(JdbcClient jdbc, Tenancy tenancy) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
    }

    @Override
    public Counts count(UUID schoolId, Window window) {
        return tenancy.inSchool(schoolId, () -> bind(jdbc.sql("with e as materialized (" + WINDOW + ")"
                        + " select (select count(*) from e),"
                        + " (select count(distinct s) from e, unnest(e.subject_ids) s where e.purpose <> :staff)"),
                schoolId, window)
                .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2))).single());
    }

    @Override
    public Set<UUID> pupils(UUID schoolId, Window window) {
        return tenancy.inSchool(schoolId, () -> new LinkedHashSet<>(bind(jdbc.sql("with e as materialized ("
                        + WINDOW + ") select distinct s from e, unnest(e.subject_ids) s where e.purpose <> :staff"
                        + " order by s"), schoolId, window)
                .query(UUID.class).list()));
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql, UUID schoolId, Window window) {
        return sql.param("school", schoolId).param("actor", window.actorId())
                .param("from", Timestamp.from(window.from())).param("to", Timestamp.from(window.to()))
                .param("ip", window.sourceIp()).param("staff", StaffAccessLog.PURPOSE);
    }
}
