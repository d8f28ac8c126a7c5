package org.custodian.retention.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sweepSchedule  when the daily retention sweep runs (cron, UK time; {@code -} = off)
 * @param sweepBatchSize records deleted per transaction (a crash loses at most one batch's work, redone on resume)
 * @param previewMaxAge  a preview older than this can no longer be approved ({@code stale-preview})
 */
@ConfigurationProperties("custodian.retention")
record SweepProperties(@DefaultValue("0 20 2 * * *") String sweepSchedule, @DefaultValue("2000") int sweepBatchSize,
                       @DefaultValue("PT24H") Duration previewMaxAge) {

    SweepProperties {
        if (sweepBatchSize < 1) {
            throw new IllegalArgumentException("custodian.retention.sweep-batch-size must be at least 1");
        }
    }
}
