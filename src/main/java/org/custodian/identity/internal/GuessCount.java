package org.custodian.identity.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Failed guesses counted in a window, for an account's untrusted clients ({@link Lockouts}) or one
 * device cookie ({@link DeviceCookies}): reaching the limit within the window starts a lockout, and
 * each further lockout lasts twice as long as the one before, up to the cap.
 */
record GuessCount(Instant windowStartedAt, int failures, int lockLevel) {

    /** The count after one more failure at {@code now}, and the end of the lockout it starts, if it starts one. */
    Counted afterFailure(Instant now, SignInProperties properties) {
        boolean windowExpired = windowStartedAt == null
                || !now.isBefore(windowStartedAt.plus(properties.failureWindow()));
        Instant windowStart = windowExpired ? now : windowStartedAt;
        int counted = windowExpired ? 1 : failures + 1;
        if (counted < properties.maxFailures()) {
            return new Counted(new GuessCount(windowStart, counted, lockLevel), null);
        }
        return new Counted(new GuessCount(now, 0, lockLevel + 1), now.plus(lockoutAt(lockLevel, properties)));
    }

    static Duration lockoutAt(int level, SignInProperties properties) {
        Duration lockout = properties.firstLockout().multipliedBy(1L << Math.min(level, 20));
        return lockout.compareTo(properties.maxLockout()) > 0 ? properties.maxLockout() : lockout;
    }

    /** @param lockedUntil null unless this failure started a lockout */
    record Counted(GuessCount count, Instant lockedUntil) {
    }
}
