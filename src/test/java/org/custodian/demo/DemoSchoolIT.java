package org.custodian.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.custodian.schools.School;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** A first start with the demo switched on gives a working school: agreement accepted, pupils imported. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"custodian.demo.enabled=true", "custodian.public-url=https://custodian.example.test:9443"})
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class DemoSchoolIT {

    @Autowired Schools schools;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    @Test
    void theFirstStartBannersGiveTheConfiguredPublicAddress(CapturedOutput output) {
        assertThat(output.getOut()).contains("First platform administrator (operator) created.",
                "Demo school created: its first school admin.");
        assertThat(output.getOut().lines().filter(line -> line.contains("Sign in at")).toList())
                .hasSize(2)
                .allSatisfy(line -> assertThat(line.strip()).isEqualTo("Sign in at https://custodian.example.test:9443/login as"));
    }

    @Test
    void theDemoSchoolHasAcceptedTheAgreementAndHasItsPupilsImportedThroughTheImporter() {
        School demo = schools.findByUrn("999001").orElseThrow();
        UUID school = demo.id();
        tenancy.inSchool(school, () -> {
            assertThat(jdbc.sql("select count(*) from isa_acceptance where school_id = ?").params(school)
                    .query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from pupil where school_id = ? and upn_ct is not null").params(school)
                    .query(Long.class).single()).isEqualTo(300);
            assertThat(jdbc.sql("select state from import_job where school_id = ?").params(school)
                    .query(String.class).list()).containsExactly("COMMITTED");
            assertThat(jdbc.sql("select count(*) from class_pupil where school_id = ?").params(school)
                    .query(Long.class).single()).isGreaterThanOrEqualTo(300);
        });
    }
}
