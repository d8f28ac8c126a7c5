package org.custodian.identity.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param linkValidity  how long a password reset link works (once)
 * @param maxRequests   reset emails sent to one account within {@code requestWindow}; further
 *                      requests get the same answer but no email
 * @param requestWindow the window those requests are counted in
 */
@ConfigurationProperties("custodian.password-reset")
record PasswordResetProperties(
        @DefaultValue("PT1H") Duration linkValidity,
        @DefaultValue("3") int maxRequests,
        @DefaultValue("PT1H") Duration requestWindow) {
}
