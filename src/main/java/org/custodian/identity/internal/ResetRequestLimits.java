package org.custodian.identity.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts "forgot your password?" requests per source address and per address asked for (known or
 * not), in PostgreSQL so every instance shares the count. Every request costs the same two
 * statements, whatever the address, so the time taken tells nothing.
 */
@Component
class ResetRequestLimits {

    private final JdbcClient jdbc;
    private final AccountFields fields;
    private final PasswordResetProperties properties;
    private final Clock clock;

    ResetRequestLimits(JdbcClient jdbc, AccountFields fields, PasswordResetProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.fields = fields;
        this.properties = properties;
        this.clock = clock;
    }

    /** Counts the request; false if its source or the address asked for is over the limit. */
    boolean allow(String sourceIp, String address) {
        Instant now = clock.instant();
        Timestamp windowEnd = Timestamp.from(now.minus(properties.requestWindow()));
        jdbc.sql("delete from password_reset_request_count where window_started_at <= ?").param(windowEnd).update();
        int fromSource = count("source", sourceIp.getBytes(StandardCharsets.UTF_8), now, windowEnd);
        int forAddress = count("address", fields.usernameIndex(address), now, windowEnd);
        return fromSource <= properties.maxRequestsPerSource() && forAddress <= properties.maxRequestsPerAddress();
    }

    /** One statement: a new window starts when the old one has passed. Returns the requests in the window. */
    private int count(String kind, byte[] subject, Instant now, Timestamp windowEnd) {
        return jdbc.sql("""
                insert into password_reset_request_count (kind, subject, window_started_at, requests)
                values (?, ?, ?, 1)
                on conflict (kind, subject) do update set
                    window_started_at = case when password_reset_request_count.window_started_at <= ?
                                             then excluded.window_started_at
                                             else password_reset_request_count.window_started_at end,
                    requests = case when password_reset_request_count.window_started_at <= ? then 1
                                    else password_reset_request_count.requests + 1 end
                returning requests""")
                .params(kind, subject, Timestamp.from(now), windowEnd, windowEnd)
                .query(Integer.class).single();
    }
}
