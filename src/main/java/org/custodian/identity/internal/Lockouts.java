package org.custodian.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Per-account guess counting in PostgreSQL (so it holds across instances and restarts): more than
 * the allowed failures within the window locks the account; each further lockout doubles, capped.
 * A successful sign-in clears the count; an admin unlock or a password reset clears everything.
 */
@Component
class Lockouts {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final SignInProperties properties;
    private final Clock clock;

    Lockouts(JdbcClient jdbc, Tenancy tenancy, SignInProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.properties = properties;
        this.clock = clock;
    }

    Optional<Instant> lockedUntil(UUID userId) {
        Instant now = clock.instant();
        return tenancy.asPlatform(() -> jdbc.sql("select locked_until from account_lockout where user_id = ?")
                        .param(userId).query(Timestamp.class).optional())
                .map(Timestamp::toInstant)
                .filter(now::isBefore);
    }

    /** Counts a failed guess; returns the end of the lockout it caused, if it caused one. */
    Optional<Instant> recordFailure(UUID userId) {
        Instant now = clock.instant();
        return tenancy.asPlatform(() -> {
            var state = jdbc.sql("select window_started_at, failures, lock_level from account_lockout "
                            + "where user_id = ? for update")
                    .param(userId)
                    .query((row, n) -> new GuessCount(row.getTimestamp(1).toInstant(), row.getInt(2), row.getInt(3)))
                    .optional();
            if (state.isEmpty()) {
                jdbc.sql("insert into account_lockout (user_id, window_started_at, failures) values (?, ?, 1)")
                        .params(userId, Timestamp.from(now)).update();
                return Optional.<Instant>empty();
            }
            GuessCount.Counted counted = state.get().afterFailure(now, properties);
            GuessCount next = counted.count();
            Timestamp until = counted.lockedUntil() == null ? null : Timestamp.from(counted.lockedUntil());
            jdbc.sql("""
                    update account_lockout set window_started_at = ?, failures = ?, lock_level = ?,
                           locked_until = coalesce(?, locked_until) where user_id = ?""")
                    .params(Timestamp.from(next.windowStartedAt()), next.failures(), next.lockLevel(), until, userId)
                    .update();
            return Optional.ofNullable(counted.lockedUntil());
        });
    }

    /** After a successful sign-in: the count starts again, the doubling level stays until an unlock. */
    void recordSuccess(UUID userId) {
        tenancy.asPlatform(() -> jdbc.sql("update account_lockout set failures = 0 where user_id = ?")
                .param(userId).update());
    }

    /** Admin unlock or password reset: no lockout, no count, no doubling. */
    void clear(UUID userId) {
        tenancy.asPlatform(() -> jdbc.sql("delete from account_lockout where user_id = ?").param(userId).update());
    }

    Duration lockoutAt(int level) {
        return GuessCount.lockoutAt(level, properties);
    }
}
