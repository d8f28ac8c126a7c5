package org.custodian.backups.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.custodian.backups.BackupKind;
import org.custodian.backups.BackupReason;
import org.custodian.backups.BackupRun;
import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code backup_run} table (platform scope). */
@Component
class JdbcBackupRuns {

    private static final TypeReference<List<BackupRun.Destination>> DESTINATIONS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final JsonMapper json;

    JdbcBackupRuns(JdbcClient jdbc, Tenancy tenancy, JsonMapper json) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.json = json;
    }

    void started(UUID id, BackupKind kind, BackupReason reason, String name, Instant at) {
        tenancy.asPlatform(() -> jdbc.sql("""
                        insert into backup_run (id, kind, reason, name, started_at, status)
                        values (?, ?, ?, ?, ?, 'RUNNING')""")
                .params(id, kind.name(), reason.name(), name, Timestamp.from(at)).update());
    }

    void finished(UUID id, Instant at, BackupRun.Status status, Manifest manifest, List<BackupRun.Destination> destinations,
                  String failure) {
        tenancy.asPlatform(() -> jdbc.sql("""
                        update backup_run set finished_at = ?, status = ?, tables = ?, total_rows = ?, total_bytes = ?,
                               destinations = ?, failure = ?
                         where id = ?""")
                .params(Timestamp.from(at), status.name(), manifest == null ? null : manifest.tables().size(),
                        manifest == null ? null : manifest.totalRows(), manifest == null ? null : manifest.totalBytes(),
                        json.writeValueAsString(destinations), failure, id)
                .update());
    }

    void pruned(String name, BackupKind kind, Instant at) {
        tenancy.asPlatform(() -> jdbc.sql("update backup_run set pruned_at = ? where name = ? and kind = ? and pruned_at is null")
                .params(Timestamp.from(at), name, kind.name()).update());
    }

    /** When the last snapshot for an admin change began, if any. */
    Instant lastStarted(BackupReason reason) {
        return tenancy.asPlatform(() -> jdbc.sql("""
                        select started_at from backup_run where reason = ? and kind = 'DATA'
                         order by started_at desc limit 1""")
                .param(reason.name()).query((rs, n) -> rs.getTimestamp(1).toInstant()).optional().orElse(null));
    }

    List<BackupRun> latest(int limit) {
        return tenancy.asPlatform(() -> jdbc.sql("""
                        select id, kind, reason, name, started_at, finished_at, status, tables, total_rows, total_bytes,
                               destinations, failure, pruned_at
                          from backup_run order by started_at desc, kind limit ?""")
                .param(limit).query((rs, n) -> run(rs)).list());
    }

    private BackupRun run(ResultSet rs) throws SQLException {
        String destinations = rs.getString("destinations");
        return new BackupRun(rs.getObject("id", UUID.class), BackupKind.valueOf(rs.getString("kind")),
                BackupReason.valueOf(rs.getString("reason")), rs.getString("name"), instant(rs, "started_at"),
                instant(rs, "finished_at"), BackupRun.Status.valueOf(rs.getString("status")),
                (Integer) rs.getObject("tables"), (Long) rs.getObject("total_rows"), (Long) rs.getObject("total_bytes"),
                destinations == null ? List.of() : json.readValue(destinations, DESTINATIONS),
                rs.getString("failure"), instant(rs, "pruned_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
