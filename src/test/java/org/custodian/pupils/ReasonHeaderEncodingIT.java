package org.custodian.pupils;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.custodian.accesslog.AccessLogReview;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A reason typed with a typographic apostrophe and an accent reaches the access log exactly, sent
 * raw as UTF-8 bytes or percent-encoded, through the real server; bytes that are not UTF-8 get a
 * 400 problem detail.
 */
@CustodianTest
class ReasonHeaderEncodingIT {

    private static final String REASON = "Parent\u2019s request about Zo\u00eb";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired AccessLogReview review;

    School school;
    Browser dataManager;
    String pupil;

    @BeforeEach
    void aPupil() {
        school = fixtures.school();
        var admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
        HttpResponse<String> created = dataManager.api("POST", "/api/v1/pupils", fixtures.newPupil().json(),
                "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(created.statusCode()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
        assertThat(id.find()).isTrue();
        pupil = id.group(1);
    }

    /**
     * A read of the pupil with one header sent as the given bytes, over a plain socket: Java's HTTP
     * client replaces every byte above 0x7F in a header, so it cannot send UTF-8 raw.
     */
    private String rawRead(String header, byte[] value) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
            request.writeBytes(("GET /api/v1/pupils/" + pupil + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                    + "Cookie: " + dataManager.cookieHeader() + "\r\nCustodian-Purpose: DATA_MANAGEMENT\r\n"
                    + "Connection: close\r\n" + header + ": ").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(value);
            request.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(request.toByteArray());
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aUtf8ReasonSentRawOrPercentEncodedIsLoggedExactly() throws Exception {
        String percentEncoded = URLEncoder.encode(REASON, StandardCharsets.UTF_8).replace("+", "%20");

        assertThat(rawRead("Custodian-Reason", REASON.getBytes(StandardCharsets.UTF_8))).startsWith("HTTP/1.1 200");
        assertThat(dataManager.api("GET", "/api/v1/pupils/" + pupil, null, "Custodian-Purpose", "DATA_MANAGEMENT",
                "Custodian-Reason", percentEncoded).statusCode()).isEqualTo(200);

        List<String> reasons = review.search(school.id(), AccessLogReview.Query.newest(10)).entries().stream()
                .filter(entry -> "READ".equals(entry.action())).map(AccessLogReview.Entry::reason).toList();
        assertThat(reasons).containsExactly(REASON, REASON);
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithAProblemDetail() throws Exception {
        String answer = rawRead("Custodian-Reason", "Zo\u00eb".getBytes(StandardCharsets.ISO_8859_1)); // 0xEB alone: not UTF-8

        assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":\"header-not-utf8\"");
        assertThat(review.search(school.id(), AccessLogReview.Query.newest(10)).entries())
                .noneMatch(entry -> "READ".equals(entry.action()));
    }

    @Test
    void aControlCharacterInAReasonIsRefusedWith400AndAnUnusableRequestIdIsReplaced() throws Exception {
        // UTF-8 for U+0085, a control character: the firewall refuses the header when it is first read.
        byte[] withControl = {'a', (byte) 0xC2, (byte) 0x85, 'b'};

        assertThat(rawRead("Custodian-Reason", withControl)).startsWith("HTTP/1.1 400")
                .contains("\"code\":\"request-rejected\"");
        assertThat(rawRead("X-Request-Id", withControl)).as("a request id Custodian cannot use is replaced, not an error")
                .startsWith("HTTP/1.1 200");
    }
}
