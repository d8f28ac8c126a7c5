package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class DeviceCookiesTests {

    @Test
    void byDefaultTheCookieIsHostOnlySecureHttpOnlyStrictAndExpires() {
        DeviceCookieProperties defaults = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("custodian.device-cookies", DeviceCookieProperties.class);

        String header = DeviceCookies.cookie("value", defaults).toString();

        assertThat(defaults.lifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(header).startsWith("__Host-custodian-device=value")
                .contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict", "; Max-Age=2592000")
                .doesNotContain("Domain");
    }
}
