package org.custodian.identity.internal;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicUrl the address people reach Custodian at, for links in emails (the request's own
 *                  host header is not trusted for that: it could point a link at another site)
 */
@ConfigurationProperties("custodian")
record PublicUrlProperties(@DefaultValue("https://localhost:8443") URI publicUrl) {

    /** {@code path} (starting with "/") under the public address. */
    String link(String path) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
