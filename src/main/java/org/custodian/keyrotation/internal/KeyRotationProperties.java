package org.custodian.keyrotation.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param rewrapInterval how often the re-wrap job looks for data keys under an older school key ({@code 0} turns it off)
 * @param batchSize      data keys re-wrapped per transaction
 */
@ConfigurationProperties("custodian.key-rotation")
record KeyRotationProperties(@DefaultValue("PT10M") Duration rewrapInterval, @DefaultValue("500") int batchSize) {
}
