package org.custodian.identity.internal;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FilterRegistrations {

    /** The filter runs inside the security chain; keep Boot from also registering it for every request. */
    @Bean
    FilterRegistrationBean<SignInStageFilter> signInStageRegistration(
            SignInStageFilter filter) {
        var registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }
}
