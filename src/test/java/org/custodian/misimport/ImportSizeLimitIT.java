package org.custodian.misimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** A file over the configured size limit is refused at upload, and nothing of it is kept. */
@CustodianTest
@TestPropertySource(properties = "custodian.imports.max-file-bytes=4096")
class ImportSizeLimitIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    @Test
    void aFileOverTheLimitIsRefusedWithAProblemDetailAndNothingIsStored() {
        School school = fixtures.school();
        fixtures.acceptAgreement(school.id(), fixtures.schoolAdmin(school.id()));
        Browser dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));

        HttpResponse<String> refused = dataManager.upload("/api/v1/imports", "big.csv", new byte[5000], Map.of());

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(refused.body()).contains("file-too-large");
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from import_job where school_id = ?")
                .params(school.id()).query(Long.class).single())).isZero();
        assertThat(dataManager.upload("/api/v1/imports", "small.csv", new byte[100], Map.of()).statusCode())
                .isEqualTo(202);
    }
}
