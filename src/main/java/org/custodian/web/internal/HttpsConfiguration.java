package org.custodian.web.internal;

import java.time.Clock;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * HTTPS only: TLS 1.2 and 1.3, a self-signed certificate generated on first start unless the
 * operator provides one, and a plain-HTTP port whose every request is redirected to HTTPS.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TlsProperties.class)
class HttpsConfiguration implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(HttpsConfiguration.class);
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final TlsProperties properties;
    private final Clock clock;

    HttpsConfiguration(TlsProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (properties.mode() == TlsProperties.Mode.OFF) {
            log.warn("TLS is off (custodian.tls.mode=off): only run like this behind a proxy that terminates HTTPS");
            return;
        }
        if (properties.mode() == TlsProperties.Mode.SELF_SIGNED) {
            factory.setSsl(selfSignedSsl());
        } else if (factory.getSsl() == null || !factory.getSsl().isEnabled()) {
            throw new IllegalStateException("custodian.tls.mode=provided needs server.ssl.* (or an SSL bundle)");
        } else if (factory.getSsl().getEnabledProtocols() == null) {
            factory.getSsl().setEnabledProtocols(PROTOCOLS);
        }
        if (properties.httpRedirectPort() > 0) {
            Connector http = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            http.setScheme("http");
            http.setPort(properties.httpRedirectPort());
            http.setSecure(false);
            http.setRedirectPort(factory.getPort());
            factory.addAdditionalConnectors(http);
            factory.addContextCustomizers(context -> context.addConstraint(confidentialEverywhere()));
        }
    }

    private Ssl selfSignedSsl() {
        SelfSignedCertificate certificate = new SelfSignedCertificate(properties.keyStore());
        if (certificate.ensureExists(clock)) {
            log.warn("Generated a self-signed TLS certificate in {}. Browsers will warn about it: production "
                    + "must use a certificate from a trusted CA (custodian.tls.mode=provided with server.ssl.*)",
                    properties.keyStore().toAbsolutePath().normalize());
        }
        Ssl ssl = new Ssl();
        ssl.setEnabled(true);
        ssl.setKeyStore(properties.keyStore().toAbsolutePath().toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(certificate.password());
        ssl.setKeyAlias(SelfSignedCertificate.ALIAS);
        ssl.setEnabledProtocols(PROTOCOLS);
        return ssl;
    }

    /** Tomcat answers any request on a non-secure connector with a redirect to the HTTPS port. */
    private static SecurityConstraint confidentialEverywhere() {
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.setUserConstraint("CONFIDENTIAL");
        SecurityCollection everything = new SecurityCollection();
        everything.addPattern("/*");
        constraint.addCollection(everything);
        return constraint;
    }

    @Override
    public int getOrder() {
        // After Boot's own customizer, so our Ssl is not replaced by the server.ssl.* defaults.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
