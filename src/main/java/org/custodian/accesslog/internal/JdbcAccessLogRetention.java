package org.custodian.accesslog.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.custodian.accesslog.AccessLogRetention;
import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Through {@code access_log_remove_entries_before}: the application role deletes no entry itself. */
@Component
class JdbcAccessLogRetention implements AccessLogRetention {

    private final Tenancy tenancy;
    private final JdbcClient jdbc;
    private final AccessLogSequencer sequencer;
    private final Clock clock;

    JdbcAccessLogRetention(Tenancy tenancy, JdbcClient jdbc, AccessLogSequencer sequencer, Clock clock) {
        this.tenancy = tenancy;
        this.jdbc = jdbc;
        this.sequencer = sequencer;
        this.clock = clock;
    }

    @Override
    public long removeEntriesBefore(UUID schoolId, Instant cutoff) {
        // Committed entries join the tree first, so none older than the cut-off is kept only for want of a position.
        sequencer.integrate(schoolId);
        return tenancy.inSchool(schoolId, () -> jdbc.sql("select access_log_remove_entries_before(?, ?)")
                .params(cutoff.atOffset(ZoneOffset.UTC), clock.instant().atOffset(ZoneOffset.UTC))
                .query(Long.class).single());
    }
}
