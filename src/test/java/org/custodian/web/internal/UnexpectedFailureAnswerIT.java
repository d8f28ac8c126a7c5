package org.custodian.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.custodian.support.CustodianTest;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * A failure of our own says "nothing was changed" only when nothing committed while the request
 * was served; after a commit it says the outcome is unknown and gives the request id.
 */
@CustodianTest
class UnexpectedFailureAnswerIT {

    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    @AfterEach
    void forgetRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void beforeAnyCommitTheAnswerSaysNothingChanged() {
        MockHttpServletRequest request = servedNow();

        ProblemDetail answer = ErrorPageController.unexpectedFailure(request, "req-1");

        assertThat(answer.getProperties()).containsEntry("code", "internal-error").containsEntry("requestId", "req-1");
        assertThat(answer.getDetail()).contains("Nothing was changed");
    }

    @Test
    void afterACommitTheAnswerSaysTheOutcomeIsUnknownAndGivesTheRequestId() {
        MockHttpServletRequest request = servedNow();
        // Any commit counts: reads of personal data write the access log in their transaction.
        tenancy.asPlatform(() -> jdbc.sql("select 1").query(Integer.class).single());

        ProblemDetail answer = ErrorPageController.unexpectedFailure(request, "req-2");

        assertThat(answer.getProperties()).containsEntry("code", "outcome-unknown");
        assertThat(answer.getDetail()).contains("req-2").doesNotContain("Nothing was changed");
    }

    private static MockHttpServletRequest servedNow() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        return request;
    }
}
