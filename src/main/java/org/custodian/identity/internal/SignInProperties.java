package org.custodian.identity.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxFailures            failed guesses per account allowed within {@code failureWindow}
 *                               (Cyber Essentials: at most 10 in 5 minutes) from untrusted clients,
 *                               and as many again per device cookie (see {@link DeviceCookies})
 * @param failureWindow          the window those guesses are counted in
 * @param firstLockout           the first lockout; each further one doubles
 * @param maxLockout             the cap on a lockout
 * @param maxFailuresPerSource   failed guesses from one IP address (any accounts) within the window
 *                               before that address is refused for {@code firstLockout}
 * @param secondFactorForAllRoles require TOTP for every role, not only those that can see pupil
 *                               data and platform roles
 */
@ConfigurationProperties("custodian.sign-in")
record SignInProperties(
        @DefaultValue("10") int maxFailures,
        @DefaultValue("PT5M") Duration failureWindow,
        @DefaultValue("PT5M") Duration firstLockout,
        @DefaultValue("PT24H") Duration maxLockout,
        @DefaultValue("50") int maxFailuresPerSource,
        @DefaultValue("false") boolean secondFactorForAllRoles) {
}
