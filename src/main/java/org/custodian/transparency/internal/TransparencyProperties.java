package org.custodian.transparency.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Transparency's settings (docs/settings.md).
 *
 * @param hosting         where the servers are, in words (provider, region, country), as the operator states it
 * @param backupLocation  where the backup destinations are, in words
 * @param noticeSchedule  cron (Europe/London) of the job that tells schools of sub-processor changes; {@code -} switches it off
 */
@ConfigurationProperties("custodian.transparency")
record TransparencyProperties(
        @DefaultValue("Not stated by the operator") String hosting,
        @DefaultValue("Not stated by the operator") String backupLocation,
        @DefaultValue("0 20 * * * *") String noticeSchedule) {
}
