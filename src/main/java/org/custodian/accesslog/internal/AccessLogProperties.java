package org.custodian.accesslog.internal;

import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code verify}: when set, the application verifies that school's chain, prints the result and exits. */
@ConfigurationProperties("custodian.access-log")
record AccessLogProperties(UUID verify) {
}
