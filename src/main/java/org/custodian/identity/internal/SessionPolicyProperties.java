package org.custodian.identity.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param idleTimeout      a signed-in session ends after this long without a request
 *                         ({@code spring.session.timeout} follows it for sessions not yet signed in)
 * @param absoluteLifetime a session ends this long after it was created, however active it is
 * @param lastAccessResolution a session's last-access time is written back at most this often (not on
 *                         every request), so a session may end up to this much before its idle timeout
 */
@ConfigurationProperties("custodian.sessions")
record SessionPolicyProperties(
        @DefaultValue("PT30M") Duration idleTimeout,
        @DefaultValue("PT12H") Duration absoluteLifetime,
        @DefaultValue("PT1M") Duration lastAccessResolution) {

    SessionPolicyProperties {
        if (lastAccessResolution.isNegative() || lastAccessResolution.compareTo(idleTimeout.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("custodian.sessions.last-access-resolution must be between 0 and half"
                    + " of custodian.sessions.idle-timeout, or active sessions would time out");
        }
    }
}
