package org.custodian.misimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.custodian.identity.Role;
import org.custodian.misimport.SyntheticSchoolData;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A file over the configured size limit is refused at upload, and nothing of it is kept. */
@CustodianTest
@TestPropertySource(properties = "custodian.imports.max-file-bytes=4096")
class ImportSizeLimitIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired JsonMapper json;
    @Autowired Clock clock;

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

    @Test
    void aCtfForAnotherSchoolIsRefusedOnItsHeaderWithoutReadingTheRestOfTheFile() {
        School school = fixtures.school();
        fixtures.acceptAgreement(school.id(), fixtures.schoolAdmin(school.id()));
        Browser dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
        byte[] theirs = ctf("999999", "999", "9999");
        byte[] ours = ctf(school.urn(), school.laCode(), school.establishmentNumber());
        assertThat(theirs.length).as("both files are over the limit").isGreaterThan(4096);

        HttpResponse<String> refused = dataManager.upload("/api/v1/imports", "theirs.xml", theirs, Map.of());
        HttpResponse<String> tooLarge = dataManager.upload("/api/v1/imports", "ours.xml", ours, Map.of());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(202);
        JsonNode job = json.readTree(dataManager.get("/api/v1/imports/"
                + json.readTree(refused.body()).get("id").asString()).body());
        assertThat(job.get("state").asString()).isEqualTo("FAILED");
        assertThat(job.at("/preview/fileProblem/code").asString()).isEqualTo("wrong-school");
        assertThat(job.get("fileBytes").asLong()).as("only the head of the file was read").isLessThan(theirs.length);
        assertThat(tooLarge.statusCode()).as("a file for this school is still read whole").isEqualTo(413);
    }

    private byte[] ctf(String urn, String la, String estab) {
        var out = new ByteArrayOutputStream();
        new SyntheticSchoolData(new SyntheticSchoolData.Settings(urn, la, estab, 40, 11,
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))).writeCtf(out, true);
        return out.toByteArray();
    }
}
