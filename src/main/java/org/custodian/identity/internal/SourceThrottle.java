package org.custodian.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Failed guesses per source address across all accounts: refuses an address that sprays passwords. */
@Component
class SourceThrottle {

    private final JdbcClient jdbc;
    private final SignInProperties properties;
    private final Clock clock;

    SourceThrottle(JdbcClient jdbc, SignInProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public boolean isBlocked(String sourceIp) {
        Instant now = clock.instant();
        return jdbc.sql("select blocked_until from source_throttle where source_ip = ?").param(sourceIp)
                .query(Timestamp.class).optional()
                .map(until -> now.isBefore(until.toInstant()))
                .orElse(false);
    }

    @Transactional
    public void recordFailure(String sourceIp) {
        Instant now = clock.instant();
        Timestamp windowEnd = Timestamp.from(now.minus(properties.failureWindow()));
        // One statement: a new window starts when the old one has passed; the block starts at the limit.
        jdbc.sql("""
                insert into source_throttle (source_ip, window_started_at, failures) values (?, ?, 1)
                on conflict (source_ip) do update set
                    window_started_at = case when source_throttle.window_started_at <= ? then excluded.window_started_at
                                             else source_throttle.window_started_at end,
                    failures = case when source_throttle.window_started_at <= ? then 1
                                    else source_throttle.failures + 1 end""")
                .params(sourceIp, Timestamp.from(now), windowEnd, windowEnd).update();
        jdbc.sql("update source_throttle set blocked_until = ?, failures = 0 where source_ip = ? and failures >= ?")
                .params(Timestamp.from(now.plus(properties.firstLockout())), sourceIp, properties.maxFailuresPerSource())
                .update();
    }
}
