package org.custodian.identity.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param linkValidity          how long a password reset link works (once)
 * @param maxRequests           reset emails sent to one account within {@code requestWindow}; further
 *                              requests get the same answer but no email
 * @param requestWindow         the window requests and emails are counted in
 * @param maxRequestsPerSource  requests from one IP address (any addresses asked for) within the
 *                              window; further ones get the same answer and are dropped
 * @param maxRequestsPerAddress requests for one email address (whether or not it has an account)
 *                              within the window; further ones get the same answer and are dropped
 * @param queueCapacity         requests waiting to be looked up and emailed; when full, new ones are
 *                              dropped (same answer), so a flood holds neither memory nor threads
 * @param senders               threads working through that queue
 */
@ConfigurationProperties("custodian.password-reset")
record PasswordResetProperties(
        @DefaultValue("PT1H") Duration linkValidity,
        @DefaultValue("3") int maxRequests,
        @DefaultValue("PT1H") Duration requestWindow,
        @DefaultValue("20") int maxRequestsPerSource,
        @DefaultValue("5") int maxRequestsPerAddress,
        @DefaultValue("100") int queueCapacity,
        @DefaultValue("1") int senders) {
}
