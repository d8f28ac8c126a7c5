package org.custodian.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * The pupil API's {@code DELETE} only requests an erasure: tests that need the pupil erased have a
 * second person (a new school admin of the school) confirm it.
 */
public final class PendingErasures {

    private PendingErasures() {
    }

    /** Asserts that {@code requested} left an erasure pending, and confirms it as another school admin. */
    public static void confirm(Fixtures fixtures, int port, UUID schoolId, HttpResponse<String> requested) {
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        String location = requested.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/api/v1/erasures/");
        Browser second = fixtures.signedIn(port, fixtures.schoolAdmin(schoolId));
        HttpResponse<String> confirmed = second.api("POST", location + "/confirm", null);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.body()).contains("\"state\":\"CONFIRMED\"");
    }
}
