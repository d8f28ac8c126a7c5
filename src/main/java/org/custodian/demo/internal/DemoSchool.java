package org.custodian.demo.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.InitialCredentials;
import org.custodian.misimport.MisImports;
import org.custodian.misimport.SyntheticSchoolData;
import org.custodian.schools.InformationSharingAgreements;
import org.springframework.security.core.userdetails.UserDetailsService;
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
 * LA 999) with a first admin whose one-time password is shown once on the console; the admin accepts
 * the sharing agreement (the receipt says it was the demo set-up) and ~300 made-up pupils are
 * imported through the MIS importer, so a newcomer sees a working school at once.
 */
@Component
@Order(10)
@EnableConfigurationProperties(DemoProperties.class)
class DemoSchool implements ApplicationRunner {

    static final String URN = "999001";
    static final int PUPILS = 300;
    private static final Logger log = LoggerFactory.getLogger(DemoSchool.class);

    private final Schools schools;
    private final DemoProperties properties;
    private final Environment environment;
    private final InformationSharingAgreements agreements;
    private final UserDetailsService users;
    private final MisImports imports;
    private final Clock clock;
    private final InitialCredentials credentials;

    DemoSchool(Schools schools, DemoProperties properties, Environment environment,
               InformationSharingAgreements agreements, UserDetailsService users, MisImports imports, Clock clock,
               InitialCredentials credentials) {
        this.schools = schools;
        this.properties = properties;
        this.environment = environment;
        this.agreements = agreements;
        this.users = users;
        this.imports = imports;
        this.clock = clock;
        this.credentials = credentials;
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
        CustodianUser admin = (CustodianUser) users.loadUserByUsername(registered.firstAdmin().username());
        agreements.current().ifPresent(version -> agreements.accept(registered.school().id(), version.contentHash(),
                "Demo Admin", "Accepted automatically by the demo set-up", "127.0.0.1", admin));
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Europe/London")));
        var file = new ByteArrayOutputStream();
        new SyntheticSchoolData(new SyntheticSchoolData.Settings(URN, "999", "4001", "Demo Community School", PUPILS,
                20260901L, today)).writeCsv(file);
        imports.importAndWait(admin, new ByteArrayInputStream(file.toByteArray()), true, Duration.ofMinutes(5));
        log.info("Imported {} made-up pupils into the demo school", PUPILS);
        credentials.announce("Demo school created: its first school admin.",
                registered.firstAdmin().username(), registered.firstAdmin().oneTimePassword());
    }
}
