package org.custodian.rights.internal;

import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param staffTombstoneRetention      how long after a member of staff's erasure its tombstone (the
 *                                     username's keyed fingerprint, the date, the request answered) is kept
 * @param staffTombstoneExpirySchedule when expired staff tombstones are deleted (cron, UK time; {@code -} = off)
 */
@ConfigurationProperties("custodian.rights.erasure")
record ErasureProperties(@DefaultValue("P2Y") Period staffTombstoneRetention,
                         @DefaultValue("0 50 3 * * *") String staffTombstoneExpirySchedule) {

    ErasureProperties {
        if (staffTombstoneRetention.isNegative() || staffTombstoneRetention.isZero()) {
            throw new IllegalArgumentException("custodian.rights.erasure.staff-tombstone-retention must be positive");
        }
    }
}
