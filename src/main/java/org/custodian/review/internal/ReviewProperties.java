package org.custodian.review.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param schedule when the daily job creates the reviews of terms that have started (a cron
 *                 expression in UK time; {@code -} switches the job off: reviews are then created
 *                 when an admin opens the reviews page)
 */
@ConfigurationProperties("custodian.reviews")
record ReviewProperties(@DefaultValue("0 30 6 * * *") String schedule) {
}
