package org.custodian.backups.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import org.custodian.backups.RestoreDrillRun;
import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code restore_drill} table (platform scope, written once per drill). */
@Component
class JdbcRestoreDrills {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;

    JdbcRestoreDrills(JdbcClient jdbc, Tenancy tenancy) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
    }

    void record(RestoreDrillRun run) {
        tenancy.asPlatform(() -> jdbc.sql("""
                        insert into restore_drill (id, started_at, finished_at, status, data_backup, key_backup, tables,
                                                   total_rows, sample_size, sample_opened, failure)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(run.id(), Timestamp.from(run.startedAt()), Timestamp.from(run.finishedAt()), run.status().name(),
                        run.dataBackup(), run.keyBackup(), run.tables(), run.rows(), run.sampleSize(), run.sampleOpened(),
                        run.failure())
                .update());
    }

    List<RestoreDrillRun> latest(int limit) {
        return tenancy.asPlatform(() -> jdbc.sql("select * from restore_drill order by started_at desc limit ?")
                .param(limit).query(JdbcRestoreDrills::map).list());
    }

    private static RestoreDrillRun map(ResultSet row, int n) throws SQLException {
        return new RestoreDrillRun(row.getObject("id", UUID.class), row.getTimestamp("started_at").toInstant(),
                row.getTimestamp("finished_at").toInstant(), RestoreDrillRun.Status.valueOf(row.getString("status")),
                row.getString("data_backup"), row.getString("key_backup"), row.getObject("tables", Integer.class),
                row.getObject("total_rows", Long.class), row.getObject("sample_size", Integer.class),
                row.getObject("sample_opened", Integer.class), row.getString("failure"));
    }
}
