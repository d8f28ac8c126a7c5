package org.custodian.retention.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.custodian.crypto.SubjectKeys;
import org.custodian.retention.PurgeReport;
import org.custodian.retention.RetentionCategory;
import org.custodian.retention.SchoolPurged;
import org.custodian.retention.SchoolPurges;
import org.custodian.tenancy.Tenancy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Purges through {@code custodian_purge_school} (the application role deletes nothing itself) into {@code school_purge}. */
@Service
class JdbcSchoolPurges implements SchoolPurges {

    private static final Logger log = LoggerFactory.getLogger(JdbcSchoolPurges.class);

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final SubjectKeys keys;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    JdbcSchoolPurges(JdbcClient jdbc, Tenancy tenancy, SubjectKeys keys, ApplicationEventPublisher events,
                     Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.keys = keys;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public PurgeReport purge(UUID schoolId) {
        List<String> categories = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        for (RetentionCategory category : RetentionCategory.values()) {
            for (String table : category.tables()) {
                categories.add(category.name());
                tables.add(table);
            }
        }
        // The keys go first, in the key store's own database: a failure after this leaves data that
        // no key opens, and the purge simply runs again.
        boolean marked = tenancy.inSchool(schoolId, () -> jdbc.sql("select state = 'PURGED' from school where id = ?")
                .param(schoolId).query(Boolean.class).optional().orElse(false));
        if (marked) {
            keys.destroySchool(schoolId);
        }
        PurgeReport report = tenancy.inSchool(schoolId, () -> {
            // One purge of a school at a time, whichever instance or path started it.
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended('school_purge:' || ?, 0))")
                    .param(schoolId.toString()).query(Object.class).single();
            Optional<PurgeReport> done = load(schoolId);
            if (done.isPresent()) {
                return done.get();
            }
            Instant now = clock.instant();
            List<PurgeReport.Count> counts = jdbc.sql(
                            "select category, deleted, ids_sha256 from custodian_purge_school(?, ?::text[], ?::text[])")
                    .params(schoolId, categories.toArray(String[]::new), tables.toArray(String[]::new))
                    .query((row, n) -> new PurgeReport.Count(row.getString("category"), row.getLong("deleted"),
                            row.getString("ids_sha256")))
                    .list();
            for (PurgeReport.Count count : counts) {
                jdbc.sql("""
                                insert into school_purge (school_id, category, deleted, ids_sha256, purged_at)
                                values (?, ?, ?, ?, ?)""")
                        .params(schoolId, count.category(), count.deleted(), count.idsSha256(), Timestamp.from(now))
                        .update();
            }
            events.publishEvent(new SchoolPurged(schoolId));
            return new PurgeReport(schoolId, now, counts);
        });
        keys.forgetSchool(schoolId);
        log.info("Purged school {}: {} row(s) deleted", schoolId, report.total());
        return report;
    }

    @Override
    public Optional<PurgeReport> report(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> load(schoolId));
    }

    private Optional<PurgeReport> load(UUID schoolId) {
        List<Row> rows = jdbc.sql("select category, deleted, ids_sha256, purged_at from school_purge where school_id = ? "
                        + "order by category")
                .param(schoolId)
                .query((row, n) -> new Row(new PurgeReport.Count(row.getString("category"), row.getLong("deleted"),
                        row.getString("ids_sha256")), row.getTimestamp("purged_at").toInstant()))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PurgeReport(schoolId, rows.get(0).purgedAt(), rows.stream().map(Row::count).toList()));
    }

    private record Row(PurgeReport.Count count, Instant purgedAt) {
    }
}
