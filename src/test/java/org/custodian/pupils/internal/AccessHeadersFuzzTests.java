package org.custodian.pupils.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.pupils.AccessContext;
import org.custodian.support.FuzzOracles;
import org.custodian.web.ProblemException;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The purpose, reason and request id an API call sends, read as the pupils' controllers read them:
 * an access context or a {@link ProblemException} (400), nothing else; the context never prints
 * what was sent, and a request id is either the one sent (when it is a safe token) or one of ours.
 */
class AccessHeadersFuzzTests {

    private static final CustodianUser USER = new CustodianUser(UUID.randomUUID(), UUID.randomUUID(),
            "fuzz@example.com", "Fuzz", Role.DATA_MANAGER, true, false, null);

    @FuzzTest(maxDuration = "20s")
    void readsOrRefusesAnyPurposeReasonAndRequestId(FuzzedDataProvider data) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/pupils");
        String purpose = header(data);
        String reason = header(data);
        String requestId = header(data);
        if (purpose != null) {
            request.addHeader(AccessHeaders.PURPOSE, purpose);
        }
        if (reason != null) {
            request.addHeader(AccessHeaders.REASON, reason);
        }
        if (requestId != null) {
            request.addHeader("X-Request-Id", requestId);
        }
        AccessContext context;
        try {
            context = AccessHeaders.context(USER, request);
        } catch (ProblemException refused) {
            assertThat(refused.status().value()).isEqualTo(400);
            FuzzOracles.quotesNothingOf(purpose + " " + reason, refused.getMessage(), "the refusal");
            return;
        }
        FuzzOracles.quotesNothingOf(purpose + " " + reason, context.toString(), "the context's toString");
        assertThat(context.requestId()).matches("[A-Za-z0-9._:-]{1,100}");
        if (context.reason() != null) {
            assertThat(context.reason()).isEqualTo(context.reason().strip());
        }
    }

    /** A header as Tomcat hands it over (one char per byte), or absent. */
    private static String header(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return null;
        }
        return new String(data.consumeBytes(data.consumeInt(0, 300)), StandardCharsets.ISO_8859_1);
    }
}
