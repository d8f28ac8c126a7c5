package org.custodian.breaches.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the breach tables. Callers choose the scope: the platform's for the register, a
 * school's for its notices (row-level security shows a school only what it was notified of).
 */
@Repository
class BreachStore {

    record IncidentRow(UUID id, String category, Instant startedAt, Instant awareAt, List<String> dataCategories,
                       Integer approximateSubjects, Integer approximateRecords, byte[] details, UUID recordedBy,
                       Instant recordedAt) {
        @Override
        public String toString() {
            return "IncidentRow[id=" + id + ", category=" + category + "]";
        }
    }

    record EventRow(UUID id, String kind, Instant occurredAt, UUID recordedBy, Boolean reportToIco,
                    Boolean tellSubjects, byte[] text) {
        @Override
        public String toString() {
            return "EventRow[id=" + id + ", kind=" + kind + "]";
        }
    }

    record ScopeRow(UUID id, UUID incidentId, String kind, UUID actorId, String sourceIp, Instant from, Instant to,
                    Instant scopedAt) {
        @Override
        public String toString() {
            return "ScopeRow[id=" + id + ", kind=" + kind + "]";
        }
    }

    record AffectedRow(UUID schoolId, UUID scopeId, long entries, long pupils) {
    }

    record NoticeRow(UUID schoolId, UUID incidentId, Instant sentAt, int recipients) {
    }

    record AckRow(UUID schoolId, UUID acknowledgedBy, Instant acknowledgedAt) {
    }

    private final JdbcClient jdbc;

    BreachStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertIncident(IncidentRow row) {
        jdbc.sql("""
                        insert into breach_incident (id, category, started_at, aware_at, data_categories,
                            approximate_subjects, approximate_records, details, recorded_by, recorded_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(row.id(), row.category(), ts(row.startedAt()), ts(row.awareAt()),
                        row.dataCategories().toArray(String[]::new), row.approximateSubjects(),
                        row.approximateRecords(), row.details(), row.recordedBy(), ts(row.recordedAt()))
                .update();
    }

    void insertEvent(UUID incidentId, EventRow row) {
        jdbc.sql("""
                        insert into breach_event (incident_id, id, kind, occurred_at, recorded_by, report_to_ico,
                            tell_subjects, text) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(incidentId, row.id(), row.kind(), ts(row.occurredAt()), row.recordedBy(), row.reportToIco(),
                        row.tellSubjects(), row.text())
                .update();
    }

    List<IncidentRow> incidents() {
        return jdbc.sql("select * from breach_incident order by aware_at desc, id").query(BreachStore::incident).list();
    }

    Optional<IncidentRow> incident(UUID id) {
        return jdbc.sql("select * from breach_incident where id = ?").param(id).query(BreachStore::incident).optional();
    }

    /** Serialises work on one incident (decisions, scopes, notices) within the transaction; false if none. */
    boolean lock(UUID id) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('breach:' || ?, 0))").param(id.toString())
                .query().listOfRows();
        return incident(id).isPresent();
    }

    List<EventRow> events(UUID incidentId) {
        return jdbc.sql("select * from breach_event where incident_id = ? order by position").param(incidentId)
                .query((rs, n) -> new EventRow(rs.getObject("id", UUID.class), rs.getString("kind"),
                        instant(rs, "occurred_at"), rs.getObject("recorded_by", UUID.class),
                        (Boolean) rs.getObject("report_to_ico"), (Boolean) rs.getObject("tell_subjects"),
                        rs.getBytes("text")))
                .list();
    }

    void insertScope(ScopeRow row, UUID scopedBy) {
        jdbc.sql("""
                        insert into breach_scope (id, incident_id, kind, actor_id, source_ip, from_at, to_at, scoped_by,
                            scoped_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(row.id(), row.incidentId(), row.kind(), row.actorId(), row.sourceIp(), ts(row.from()),
                        ts(row.to()), scopedBy, ts(row.scopedAt()))
                .update();
    }

    List<ScopeRow> scopes(UUID incidentId) {
        return jdbc.sql("select * from breach_scope where incident_id = ? order by scoped_at, id").param(incidentId)
                .query((rs, n) -> new ScopeRow(rs.getObject("id", UUID.class), rs.getObject("incident_id", UUID.class),
                        rs.getString("kind"), rs.getObject("actor_id", UUID.class), rs.getString("source_ip"),
                        instant(rs, "from_at"), instant(rs, "to_at"), instant(rs, "scoped_at")))
                .list();
    }

    void insertAffected(UUID incidentId, AffectedRow row, Instant countedAt) {
        jdbc.sql("""
                        insert into breach_affected (school_id, scope_id, incident_id, entries, pupils, counted_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(row.schoolId(), row.scopeId(), incidentId, row.entries(), row.pupils(), ts(countedAt))
                .update();
    }

    List<AffectedRow> affected(UUID incidentId) {
        return jdbc.sql("select * from breach_affected where incident_id = ? order by school_id, scope_id")
                .param(incidentId)
                .query((rs, n) -> new AffectedRow(rs.getObject("school_id", UUID.class),
                        rs.getObject("scope_id", UUID.class), rs.getLong("entries"), rs.getLong("pupils")))
                .list();
    }

    boolean insertNotice(NoticeRow row, UUID sentBy) {
        return jdbc.sql("""
                        insert into breach_notice (school_id, incident_id, sent_at, sent_by, recipients)
                        values (?, ?, ?, ?, ?) on conflict do nothing""")
                .params(row.schoolId(), row.incidentId(), ts(row.sentAt()), sentBy, row.recipients())
                .update() == 1;
    }

    /** The incident's notices (platform scope), or the school's own (school scope, incidentId null for all). */
    List<NoticeRow> notices(UUID incidentId) {
        return jdbc.sql("""
                        select * from breach_notice where (cast(:incident as uuid) is null or incident_id = :incident)
                         order by sent_at desc, school_id""")
                .param("incident", incidentId)
                .query((rs, n) -> new NoticeRow(rs.getObject("school_id", UUID.class),
                        rs.getObject("incident_id", UUID.class), instant(rs, "sent_at"), rs.getInt("recipients")))
                .list();
    }

    boolean insertAcknowledgement(UUID schoolId, UUID incidentId, UUID userId, Instant at) {
        return jdbc.sql("""
                        insert into breach_acknowledgement (school_id, incident_id, acknowledged_by, acknowledged_at)
                        values (?, ?, ?, ?) on conflict do nothing""")
                .params(schoolId, incidentId, userId, ts(at)).update() == 1;
    }

    List<AckRow> acknowledgements(UUID incidentId) {
        return jdbc.sql("""
                        select * from breach_acknowledgement where incident_id = ?
                         order by acknowledged_at, acknowledged_by""")
                .param(incidentId)
                .query((rs, n) -> new AckRow(rs.getObject("school_id", UUID.class),
                        rs.getObject("acknowledged_by", UUID.class), instant(rs, "acknowledged_at")))
                .list();
    }

    private static IncidentRow incident(ResultSet rs, int n) throws SQLException {
        return new IncidentRow(rs.getObject("id", UUID.class), rs.getString("category"), instant(rs, "started_at"),
                instant(rs, "aware_at"), Arrays.asList((String[]) rs.getArray("data_categories").getArray()),
                (Integer) rs.getObject("approximate_subjects"), (Integer) rs.getObject("approximate_records"),
                rs.getBytes("details"), rs.getObject("recorded_by", UUID.class), instant(rs, "recorded_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
