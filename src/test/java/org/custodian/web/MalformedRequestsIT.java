package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.custodian.identity.Role;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.ImportJobs;
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
    @Autowired tools.jackson.databind.json.JsonMapper json;

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
    void anUnparseableAcceptHeaderIs406() {
        HttpResponse<String> answer = dataManager.api("POST", "/api/v1/pupils", fixtures.newPupil().json(),
                "Accept", "text/" + SENTINEL + ";;q=", "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(answer.statusCode()).isEqualTo(406);
        assertThat(answer.body()).doesNotContain(SENTINEL);
    }

    @Test
    void jsonThatIsNotJsonOrOfTheWrongShapeIs400() {
        String pupil = fixtures.newPupil().json();
        String[][] bodies = {
                {"{\"upn\": \"" + SENTINEL, "malformed-request"},
                {pupil.replaceFirst("\"admissionNumber\": \"[^\"]*\"", "\"admissionNumber\": [\"" + SENTINEL + "\"]"), "malformed-request"},
                {pupil.replaceFirst("\\{", "{\"" + SENTINEL + "\": 1, "), "unknown-property"}};
        for (String[] body : bodies) {
            HttpResponse<String> answer = dataManager.api("POST", "/api/v1/pupils", body[0],
                    "Custodian-Purpose", "DATA_MANAGEMENT");
            assertThat(answer.statusCode()).as(body[1]).isEqualTo(400);
            assertThat(answer.body()).contains("\"" + body[1] + "\"");
        }
    }

    @Test
    void aReasonThatIsNotUtf8Is400() {
        HttpResponse<String> answer = dataManager.api("GET", "/api/v1/pupils?name=Smith", null,
                "Custodian-Purpose", "DATA_MANAGEMENT", "Custodian-Reason", SENTINEL + "%C0%AF");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"header-not-utf8\"").doesNotContain(SENTINEL);
    }

    @Test
    void anImportWithAControlCharacterIsRefusedByRowAndColumn() {
        var job = new ImportJobs(json).preview(dataManager,
                ("UPN,Forename,Zeb" + SENTINEL + "\u0001\r\nA123456789012,Ann,x\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "pupils.csv", Map.of());
        assertThat(job.get("state").asString()).isEqualTo("FAILED");
        assertThat(job.get("errorCode").asString()).isEqualTo("control-character");
        assertThat(job.toString()).doesNotContain(SENTINEL);
    }

    @Test
    void noneOfThemLogsAnErrorOrWhatWasSent(CapturedOutput output) {
        anUnparseableAcceptHeaderIs406();
        jsonThatIsNotJsonOrOfTheWrongShapeIs400();
        aReasonThatIsNotUtf8Is400();
        anImportWithAControlCharacterIsRefusedByRowAndColumn();
        aWildcardContentTypeOnAJsonBodyIs415();
        multipartWithoutABoundaryOrWithANulInTheFileNameIs400();
        aLongFileNameGetsAProblemDetailNotAnEmpty413();
        badPercentEncodingInAQueryIs400();
        aBadEscapeInAFormBodyIs400();

        assertThat(output.getAll()).doesNotContain(SENTINEL);
        assertThat(output.getAll().lines().filter(line -> line.contains(" ERROR ")).toList()).isEmpty();
    }
}
