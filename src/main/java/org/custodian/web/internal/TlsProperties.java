package org.custodian.web.internal;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param mode             {@code self-signed}: generate a certificate under the data directory on
 *                         first start; {@code provided}: use the standard {@code server.ssl.*}
 *                         settings; {@code off}: plain HTTP behind a TLS-terminating proxy
 * @param keyStore         where the self-signed PKCS#12 key store is kept
 * @param httpRedirectPort a plain-HTTP port that only redirects to HTTPS (0 = none)
 */
@ConfigurationProperties("custodian.tls")
record TlsProperties(
        @DefaultValue("self-signed") Mode mode,
        Path keyStore,
        @DefaultValue("8080") int httpRedirectPort) {

    enum Mode { SELF_SIGNED, PROVIDED, OFF }
}
