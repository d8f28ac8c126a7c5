package org.custodian.review.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dormantAfter an enabled account nobody has signed in to for this long (counted from its
 *                     creation if never) is dormant
 */
@ConfigurationProperties("custodian.users")
record DormancyProperties(@DefaultValue("P90D") Duration dormantAfter) {
}
