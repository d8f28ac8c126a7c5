package org.custodian.identity.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every API token expires: a forgotten integration must not keep access for ever.
 *
 * @param defaultLifetime    how long a token works when the admin does not choose
 * @param maxLifetime        the longest expiry an admin may choose
 * @param expiryNotice       how long before a token expires the school's admins get an email
 * @param reminderSchedule   when the job looks for tokens about to expire (cron, UK time; {@code -} = off)
 * @param lastUsedResolution a token's "last used" time is written at most this often, so a busy
 *                           integration does not turn every read into a write
 */
@ConfigurationProperties("custodian.api-tokens")
record ApiTokenProperties(
        @DefaultValue("P90D") Duration defaultLifetime,
        @DefaultValue("P365D") Duration maxLifetime,
        @DefaultValue("P14D") Duration expiryNotice,
        @DefaultValue("0 10 * * * *") String reminderSchedule,
        @DefaultValue("PT1M") Duration lastUsedResolution) {

    ApiTokenProperties {
        if (defaultLifetime.isNegative() || defaultLifetime.isZero() || defaultLifetime.compareTo(maxLifetime) > 0) {
            throw new IllegalArgumentException(
                    "custodian.api-tokens.default-lifetime must be positive and at most max-lifetime");
        }
    }
}
