package org.custodian.identity.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxLifetime        the longest expiry an admin may choose (a token may also have none)
 * @param lastUsedResolution a token's "last used" time is written at most this often, so a busy
 *                           integration does not turn every read into a write
 */
@ConfigurationProperties("custodian.api-tokens")
record ApiTokenProperties(
        @DefaultValue("P365D") Duration maxLifetime,
        @DefaultValue("PT1M") Duration lastUsedResolution) {
}
