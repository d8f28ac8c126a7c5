package org.custodian.backups.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import org.custodian.backups.SchoolRestore;
import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code school_restore} table (platform scope, written once per restore). */
@Component
class JdbcSchoolRestores {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;

    JdbcSchoolRestores(JdbcClient jdbc, Tenancy tenancy) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
    }

    /** In the caller's transaction if there is one (a restored school's row commits with its rows). */
    void record(SchoolRestore restore) {
        SchoolRestore.Counts counts = restore.counts();
        tenancy.asPlatform(() -> jdbc.sql("""
                        insert into school_restore (id, requested_by, started_at, finished_at, data_backup, key_backup,
                                                    source_school_id, staging_school_id, outcome, pupils, category_values,
                                                    classes, class_memberships, restrictions, objections, left_out_erased, failure)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(restore.id(), restore.requestedBy(), Timestamp.from(restore.startedAt()),
                        Timestamp.from(restore.finishedAt()), restore.dataBackup(), restore.keyBackup(),
                        restore.sourceSchoolId(), restore.stagingSchoolId(), restore.outcome().name(),
                        counts == null ? null : counts.pupils(), counts == null ? null : counts.categoryValues(),
                        counts == null ? null : counts.classes(), counts == null ? null : counts.classMemberships(),
                        counts == null ? null : counts.restrictions(), counts == null ? null : counts.objections(),
                        counts == null ? null : counts.leftOutErased(), restore.failure())
                .update());
    }

    List<SchoolRestore> latest(int limit) {
        return tenancy.asPlatform(() -> jdbc.sql("select * from school_restore order by started_at desc limit ?")
                .param(limit).query(JdbcSchoolRestores::map).list());
    }

    private static SchoolRestore map(ResultSet row, int n) throws SQLException {
        Integer pupils = row.getObject("pupils", Integer.class);
        SchoolRestore.Counts counts = pupils == null ? null : new SchoolRestore.Counts(pupils,
                row.getInt("category_values"), row.getInt("classes"), row.getInt("class_memberships"),
                row.getInt("restrictions"), row.getInt("objections"), row.getInt("left_out_erased"));
        return new SchoolRestore(row.getObject("id", UUID.class), row.getObject("requested_by", UUID.class),
                row.getTimestamp("started_at").toInstant(), row.getTimestamp("finished_at").toInstant(),
                row.getString("data_backup"), row.getString("key_backup"), row.getObject("source_school_id", UUID.class),
                row.getObject("staging_school_id", UUID.class), SchoolRestore.Outcome.valueOf(row.getString("outcome")),
                counts, row.getString("failure"));
    }
}
