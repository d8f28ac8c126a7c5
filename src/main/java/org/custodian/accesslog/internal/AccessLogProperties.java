package org.custodian.accesslog.internal;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param verify            when set, the application verifies that school's log, prints the result and exits
 * @param integrationAlarm  an entry committed longer ago than this and still not in its school's tree
 *                          makes verification fail
 * @param sequencerInterval how long the sequencer waits between runs
 * @param sequencerBatch    the most entries the sequencer integrates in one transaction (one checkpoint each)
 */
@ConfigurationProperties("custodian.access-log")
record AccessLogProperties(UUID verify, @DefaultValue("PT60S") Duration integrationAlarm,
                           @DefaultValue("PT1S") Duration sequencerInterval,
                           @DefaultValue("20000") int sequencerBatch) {

    AccessLogProperties {
        if (integrationAlarm.isNegative() || integrationAlarm.isZero()) {
            throw new IllegalArgumentException("custodian.access-log.integration-alarm must be positive");
        }
        if (sequencerInterval.isNegative() || sequencerInterval.isZero() || sequencerInterval.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("custodian.access-log.sequencer-interval must be positive and at most 1 s");
        }
        if (sequencerBatch < 1) {
            throw new IllegalArgumentException("custodian.access-log.sequencer-batch must be at least 1");
        }
    }
}
