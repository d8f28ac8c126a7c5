package org.custodian.identity.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param lifetime      how long a device cookie stays valid after the sign-in that issued it (each
 *                      completed sign-in from the browser issues a fresh one)
 * @param maxPerAccount device cookies kept per account; the oldest go first
 * @param secure        mark the cookie {@code Secure}; only plain-HTTP test servers turn this off
 *                      (browsers refuse a {@code __Host-} cookie without it)
 */
@ConfigurationProperties("custodian.device-cookies")
record DeviceCookieProperties(
        @DefaultValue("P30D") Duration lifetime,
        @DefaultValue("10") int maxPerAccount,
        @DefaultValue("true") boolean secure) {
}
