package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** A JSON value of the wrong kind is refused, not coerced: a number is never stored as an admission number. */
@CustodianTest
@AutoConfigureMockMvc
class StrictJsonIT {

    @Autowired MockMvc mvc;
    @Autowired Fixtures fixtures;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    @Test
    void aNumberBooleanOrArrayWhereTextIsExpectedIsRefusedAndNothingIsCreated() throws Exception {
        UUID school = fixtures.school().id();
        CustodianUser admin = fixtures.schoolAdmin(school);
        fixtures.acceptAgreement(school, admin);
        CustodianUser dataManager = fixtures.user(school, Role.DATA_MANAGER);

        for (String admissionNumber : List.of("-9223372036854775809", "12", "1.5", "true", "[\"A1\"]", "{\"n\": 1}")) {
            String body = fixtures.newPupil().json().replaceFirst("\"admissionNumber\": \"[^\"]*\"",
                    "\"admissionNumber\": " + admissionNumber);
            assertThat(body).contains("\"admissionNumber\": " + admissionNumber);
            mvc.perform(post("/api/v1/pupils").with(user(dataManager)).with(csrf()).header("Custodian-Purpose", "DATA_MANAGEMENT")
                            .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("malformed-request"));
        }

        assertThat(tenancy.inSchool(school, () -> jdbc.sql("select count(*) from pupil where school_id = ?").params(school)
                .query(Long.class).single())).isZero();
    }

    @Test
    void aPropertyTheEndpointDoesNotTakeIsRefusedByNameAndNothingIsCreated() throws Exception {
        UUID school = fixtures.school().id();
        CustodianUser admin = fixtures.schoolAdmin(school);
        fixtures.acceptAgreement(school, admin);
        CustodianUser dataManager = fixtures.user(school, Role.DATA_MANAGER);
        String misspelt = fixtures.newPupil().json().replaceFirst("\"admissionNumber\"", "\"admissionNumbr\"");
        assertThat(misspelt).contains("admissionNumbr");

        mvc.perform(post("/api/v1/pupils").with(user(dataManager)).with(csrf()).header("Custodian-Purpose", "DATA_MANAGEMENT")
                        .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON).content(misspelt))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unknown-property"))
                .andExpect(jsonPath("$.pointer").value("/admissionNumbr"));

        assertThat(tenancy.inSchool(school, () -> jdbc.sql("select count(*) from pupil where school_id = ?").params(school)
                .query(Long.class).single())).isZero();
    }
}
