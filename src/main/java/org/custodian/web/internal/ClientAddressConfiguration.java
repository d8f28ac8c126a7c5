package org.custodian.web.internal;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClientAddressConfiguration.ProxyProperties.class)
class ClientAddressConfiguration {

    /** Before sessions, security and everything that records an address. */
    @Bean
    FilterRegistrationBean<ClientAddressFilter> clientAddressFilter(ProxyProperties properties) {
        var registration = new FilterRegistrationBean<>(new ClientAddressFilter(properties.trustedProxies()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /**
     * @param trustedProxies CIDR ranges (IPv4 and IPv6) of the reverse proxies in front of Custodian;
     *                       only requests from them may name the client in {@code X-Forwarded-For} or
     *                       {@code Forwarded}. Empty: those headers are ignored.
     */
    @ConfigurationProperties("custodian.web")
    record ProxyProperties(@DefaultValue List<String> trustedProxies) {
    }
}
