package org.custodian.pupils.internal;

import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param bulkReadThreshold       a list or search asking for more pupils than this is a bulk read and needs a reason
 * @param defaultPageSize         pupils per page when the caller does not say
 * @param maxPageSize             the most pupils one list or search returns
 * @param tombstoneRetention      how long after an erasure its tombstone (the UPN's keyed fingerprint) is kept
 * @param tombstoneExpirySchedule when expired tombstones are deleted (cron, UK time; {@code -} = off)
 */
@ConfigurationProperties("custodian.pupils")
record PupilProperties(@DefaultValue("100") int bulkReadThreshold, @DefaultValue("25") int defaultPageSize,
                       @DefaultValue("500") int maxPageSize, @DefaultValue("P2Y") Period tombstoneRetention,
                       @DefaultValue("0 40 3 * * *") String tombstoneExpirySchedule) {
}
