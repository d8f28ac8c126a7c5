package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@CustodianTest
class OpenApiIT {

    @LocalServerPort int port;

    @Test
    void theApiDescriptionIsPublicAndDocumentsThePurposeHeaders() {
        var description = new Browser(port).get("/api/v1/openapi");

        assertThat(description.statusCode()).isEqualTo(200);
        assertThat(description.body()).contains("\"title\":\"Custodian API\"", "\"/api/v1/pupils/{id}\"",
                "\"/api/v1/purposes\"", "\"name\":\"Custodian-Purpose\"", "\"name\":\"Custodian-Reason\"");
        assertThat(description.body()).doesNotContain("\"/pupils\"", "\"/login\"");
    }
}
