package org.custodian.identity.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param platformAdminUsername the first platform admin, created with a one-time password on first start */
@ConfigurationProperties("custodian.bootstrap")
record IdentityProperties(@DefaultValue("operator") String platformAdminUsername) {
}
