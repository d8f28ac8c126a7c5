package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.custodian.identity.Role;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Malformed requests are the client's fault: each class gets a 4xx problem detail, no ERROR line,
 * and nothing it sent in the log.
 */
@CustodianTest
@ExtendWith(OutputCaptureExtension.class)
class MalformedRequestsIT {

    private static final String SENTINEL = "zebedeesentinel";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;

    Browser dataManager;

    @BeforeEach
    void signedIn() {
        var school = fixtures.school();
        var admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
    }

    @Test
    void aWildcardContentTypeOnAJsonBodyIs415() {
        HttpResponse<String> answer = dataManager.api("POST", "/api/v1/pupils", "{\"upn\": \"" + SENTINEL + "\"}",
                "Content-Type", "*/*", "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(answer.body()).contains("\"code\"");
    }

    @Test
    void multipartWithoutABoundaryOrWithANulInTheFileNameIs400() {
        HttpResponse<String> noBoundary = dataManager.api("POST", "/api/v1/imports", null,
                "Content-Type", "multipart/form-data", "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(noBoundary.statusCode()).isBetween(400, 499);
        assertThat(noBoundary.body()).contains("\"code\"");

        HttpResponse<String> nulName = dataManager.upload("/api/v1/imports", "a\u0000" + SENTINEL + ".csv",
                "UPN,Forename\r\n".getBytes(), Map.of(), "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(nulName.statusCode()).isBetween(400, 499);
        assertThat(nulName.body()).contains("\"code\"").doesNotContain(SENTINEL);
    }

    @Test
    void aLongFileNameGetsAProblemDetailNotAnEmpty413() {
        HttpResponse<String> answer = dataManager.upload("/api/v1/imports", SENTINEL + "x".repeat(460) + ".csv",
                new byte[2048], Map.of(), "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(answer.statusCode()).isBetween(400, 499);
        assertThat(answer.body()).contains("\"code\"").doesNotContain(SENTINEL);
    }

    @Test
    void badPercentEncodingInAQueryIs400() {
        for (String query : new String[] {"%ff" + SENTINEL, "%C0%AF" + SENTINEL}) {
            HttpResponse<String> answer = dataManager.api("GET", "/api/v1/pupils?name=" + query, null,
                    "Custodian-Purpose", "DATA_MANAGEMENT");
            assertThat(answer.statusCode()).as(query).isEqualTo(400);
            assertThat(answer.body()).contains("\"code\"").doesNotContain(SENTINEL);
        }
    }

    @Test
    void aBadEscapeInAFormBodyIs400() {
        HttpResponse<String> answer = new Browser(port).send(HttpRequest.newBuilder(dataManager.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("username=%zz" + SENTINEL + "&password=x")));
        assertThat(answer.statusCode()).isBetween(400, 499);
    }

    @Test
    void noneOfThemLogsAnErrorOrWhatWasSent(CapturedOutput output) {
        aWildcardContentTypeOnAJsonBodyIs415();
        multipartWithoutABoundaryOrWithANulInTheFileNameIs400();
        aLongFileNameGetsAProblemDetailNotAnEmpty413();
        badPercentEncodingInAQueryIs400();
        aBadEscapeInAFormBodyIs400();

        assertThat(output.getAll()).doesNotContain(SENTINEL);
        assertThat(output.getAll().lines().filter(line -> line.contains(" ERROR ")).toList()).isEmpty();
    }
}
