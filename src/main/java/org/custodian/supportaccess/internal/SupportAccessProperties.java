package org.custodian.supportaccess.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxDuration     the longest consent a school may give (never more than 72 hours)
 * @param summarySchedule cron (Europe/London) of the job that sends the summary of each grant that
 *                        has ended; {@code -} turns it off (a revocation still sends its summary)
 */
@ConfigurationProperties("custodian.support-access")
record SupportAccessProperties(@DefaultValue("72h") Duration maxDuration,
                               @DefaultValue("0 */5 * * * *") String summarySchedule) {

    static final Duration LIMIT = Duration.ofHours(72);

    SupportAccessProperties {
        if (maxDuration.isNegative() || maxDuration.isZero() || maxDuration.compareTo(LIMIT) > 0) {
            throw new IllegalArgumentException("custodian.support-access.max-duration must be between 1 hour and 72 hours");
        }
    }
}
