package org.custodian.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A refusal with a stable machine-readable {@code code}: rendered as an RFC 9457 problem detail by
 * the API and as a message on pages. The detail is shown to users, so it must never contain
 * personal data.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<Map<String, String>> errors;

    public ProblemException(HttpStatus status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    /** With itemised errors: each names a field (or location) and a rule code, never the rejected value. */
    public ProblemException(HttpStatus status, String code, String detail, List<Map<String, String>> errors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public List<Map<String, String>> errors() {
        return errors;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, code, detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(HttpStatus.CONFLICT, code, detail);
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, code, detail);
    }

    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, code, detail);
    }
}
