package org.custodian.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the problem details the API returns: every one carries a stable {@code code}. */
public final class Problems {

    private static final String TYPE_PREFIX = "urn:custodian:problem:";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setProperty("code", code);
        return problem;
    }

    /** A validation problem: each error names the field and rule, never the rejected value. */
    public static ProblemDetail invalid(String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = of(org.springframework.http.HttpStatus.BAD_REQUEST, "validation-failed", detail);
        problem.setProperty("errors", errors);
        return problem;
    }
}
