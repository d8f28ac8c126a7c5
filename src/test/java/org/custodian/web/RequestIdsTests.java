package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class RequestIdsTests {

    @Test
    void aShortTokenFromTheCallerIsKept() {
        assertThat(RequestIds.of(withHeader("mis-sync:2026-12-03.0042"))).isEqualTo("mis-sync:2026-12-03.0042");
    }

    @Test
    void anythingElseIsReplacedByARandomId() {
        for (String given : new String[] {null, "", "has spaces", "pupil=Jane Example", "x".repeat(101), "a\nb"}) {
            String id = RequestIds.of(withHeader(given));
            assertThat(id).isNotEqualTo(given);
            assertThat(UUID.fromString(id)).isNotNull();
        }
    }

    private static MockHttpServletRequest withHeader(String value) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        if (value != null) {
            request.addHeader(RequestIds.HEADER, value);
        }
        return request;
    }
}
