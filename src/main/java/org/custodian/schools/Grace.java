package org.custodian.schools;

import java.time.LocalDate;

/**
 * A school's grace period after termination: its own length in days if platform admins set one,
 * else the platform default; {@code endsOn} (the day the purge is due) once the school is terminated.
 */
public record Grace(int days, boolean ownPeriod, LocalDate endsOn) {
}
