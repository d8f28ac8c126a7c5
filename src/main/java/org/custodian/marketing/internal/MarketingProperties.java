package org.custodian.marketing.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Marketing's settings (docs/settings.md).
 *
 * @param optInWording  what staff are asked to agree to; each opt-in records the wording it was given under
 * @param lapseSchedule cron (Europe/London) of the daily job that deletes opt-ins past the school's
 *                      rule for marketing contacts; {@code -} switches it off
 */
@ConfigurationProperties("custodian.marketing")
record MarketingProperties(
        @DefaultValue("Yes, email me occasional product news about Custodian: new features, changes to the service "
                + "and events. I can unsubscribe at any time with the link in every email.") String optInWording,
        @DefaultValue("0 40 3 * * *") String lapseSchedule) {

    MarketingProperties {
        if (optInWording == null || optInWording.isBlank() || optInWording.length() > 2000) {
            throw new IllegalArgumentException("custodian.marketing.opt-in-wording must be 1 to 2000 characters");
        }
    }
}
