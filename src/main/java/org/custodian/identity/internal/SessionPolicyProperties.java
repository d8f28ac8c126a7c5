package org.custodian.identity.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param idleTimeout      a signed-in session ends after this long without a request
 *                         ({@code spring.session.timeout} follows it for sessions not yet signed in)
 * @param absoluteLifetime a session ends this long after it was created, however active it is
 */
@ConfigurationProperties("custodian.sessions")
record SessionPolicyProperties(
        @DefaultValue("PT30M") Duration idleTimeout,
        @DefaultValue("PT12H") Duration absoluteLifetime) {
}
