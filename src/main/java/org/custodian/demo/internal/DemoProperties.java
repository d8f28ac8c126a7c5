package org.custodian.demo.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled       create the demo school on first start; unset means "only with the embedded database"
 * @param adminUsername the demo school's first admin
 */
@ConfigurationProperties("custodian.demo")
record DemoProperties(Boolean enabled, @DefaultValue("demo.admin@example.com") String adminUsername) {
}
