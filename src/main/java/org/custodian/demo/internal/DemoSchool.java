package org.custodian.demo.internal;

import org.custodian.identity.InitialCredentials;
import org.custodian.schools.Nation;
import org.custodian.schools.SchoolRegistration;
import org.custodian.schools.Schools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * On first start with the embedded database, registers an obviously fictional school (URN 999001,
 * LA 999) with a first admin whose one-time password is shown once on the console.
 */
@Component
@Order(10)
@EnableConfigurationProperties(DemoProperties.class)
class DemoSchool implements ApplicationRunner {

    static final String URN = "999001";
    private static final Logger log = LoggerFactory.getLogger(DemoSchool.class);

    private final Schools schools;
    private final DemoProperties properties;
    private final Environment environment;

    DemoSchool(Schools schools, DemoProperties properties, Environment environment) {
        this.schools = schools;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean enabled = properties.enabled() != null ? properties.enabled()
                : !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
        if (!enabled || schools.findByUrn(URN).isPresent()) {
            return;
        }
        var registered = schools.register(new SchoolRegistration(URN, "999", "4001", "Demo Community School",
                Nation.ENGLAND, "Demo Contact", "demo.contact@example.com", "Demo Admin",
                properties.adminUsername()), null);
        log.info("Created the demo school (id {})", registered.school().id());
        InitialCredentials.announce("Demo school created: its first school admin.",
                registered.firstAdmin().username(), registered.firstAdmin().oneTimePassword());
    }
}
