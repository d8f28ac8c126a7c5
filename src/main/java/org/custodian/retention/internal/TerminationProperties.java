package org.custodian.retention.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param terminationSchedule when terminated schools are reminded of the end of their grace period
 *                            and purged at its end (cron, UK time; {@code -} = off)
 */
@ConfigurationProperties("custodian.retention")
record TerminationProperties(@DefaultValue("0 10 4 * * *") String terminationSchedule) {
}
