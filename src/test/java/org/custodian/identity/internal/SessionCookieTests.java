package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletResponseWrapper;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The production settings ({@code application.yml}, without the test profile, which turns
 * {@code Secure} off and uses a plain name because the tests talk plain HTTP) name Spring Session's
 * cookie {@code __Host-SESSION} (Secure, Path=/, no Domain) and make it HttpOnly and SameSite=Lax, through Boot's own auto-configuration on an embedded server.
 * SessionsIT checks HttpOnly and SameSite on the wire.
 */
class SessionCookieTests {

    @Test
    void theMainSettingsMakeTheSessionCookieAHostCookieSecureHttpOnlyAndSameSiteLax() throws IOException {
        PropertySource<?> mainSettings = new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml")).get(0);

        new WebApplicationContextRunner(AnnotationConfigServletWebServerApplicationContext::new)
                .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(mainSettings))
                .withPropertyValues("server.port=0")
                .withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
                        SessionAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    List<String> written = new ArrayList<>();
                    var response = new HttpServletResponseWrapper(new MockHttpServletResponse()) {
                        @Override
                        public void addHeader(String name, String value) {
                            written.add(name + ": " + value);
                        }
                    };
                    context.getBean(DefaultCookieSerializer.class).writeCookieValue(
                            new CookieSerializer.CookieValue(new MockHttpServletRequest(), response, "session-id"));

                    assertThat(written).singleElement().satisfies(header -> assertThat(header)
                            .startsWith("Set-Cookie: __Host-SESSION=")
                            .contains("; Path=/;", "; Secure", "; HttpOnly", "; SameSite=Lax")
                            .doesNotContainIgnoringCase("Domain="));
                });
    }
}
