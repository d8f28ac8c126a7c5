package org.custodian.web.internal;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.web.ProblemException;
import org.custodian.web.Problems;
import org.custodian.web.PublicEndpoint;
import org.custodian.web.RequestIds;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

import tools.jackson.databind.json.JsonMapper;

/**
 * Errors that never reached a controller (unknown paths, container errors): a problem detail for
 * the API, the error page for people.
 */
@Controller
@PublicEndpoint
class ErrorPageController implements ErrorController {

    /** A {@link ProblemException} a filter refused the request with, shown instead of the status's generic text. */
    static final String PROBLEM = ErrorPageController.class.getName() + ".problem";

    private final JsonMapper json;

    ErrorPageController(JsonMapper json) {
        this.json = json;
    }

    /** For people: the error page. A browser that opens an API address still gets the API's answer. */
    @RequestMapping(value = "/error", produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (ErrorPages.isApiPath(request)) {
            ResponseEntity<ProblemDetail> problem = problem(request);
            ErrorPages.writeProblem(response, json, problem.getBody());
            return null;
        }
        HttpStatus status = statusOf(request);
        return ErrorPages.page(request, response, status, codeFor(status, request), messageFor(status, request));
    }

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
        HttpStatus status = statusOf(request);
        ProblemDetail problem = status.is5xxServerError() && !(request.getAttribute(PROBLEM) instanceof ProblemException)
                ? unexpectedFailure(request, RequestIds.of(request))
                : Problems.of(status, codeFor(status, request), messageFor(status, request));
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * The answer to a failure of our own: "nothing was changed" only when no transaction committed
     * while serving the request; otherwise the outcome is unknown and the client is told to check
     * before it retries (a blind retry could create a second pupil or token).
     */
    static ProblemDetail unexpectedFailure(HttpServletRequest request, String requestId) {
        ProblemDetail problem = CommittedRequestWork.happened(request)
                ? Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "outcome-unknown",
                        "Something went wrong on our side after part of this request was saved, so it may have taken"
                                + " effect. Check before you try again, and quote request id " + requestId + " if you report it.")
                : Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                        "Something went wrong on our side. Nothing was changed.");
        problem.setProperty("requestId", requestId);
        return problem;
    }

    private static HttpStatus statusOf(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    private static String codeFor(HttpStatus status, HttpServletRequest request) {
        return request.getAttribute(PROBLEM) instanceof ProblemException problem ? problem.code() : codeFor(status);
    }

    private static String messageFor(HttpStatus status, HttpServletRequest request) {
        return request.getAttribute(PROBLEM) instanceof ProblemException problem ? problem.getMessage() : messageFor(status);
    }

    static String codeFor(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "not-found";
            case UNAUTHORIZED -> "unauthenticated";
            case FORBIDDEN -> "forbidden";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case BAD_REQUEST -> "bad-request";
            default -> status.is5xxServerError() ? "internal-error" : "http-" + status.value();
        };
    }

    static String messageFor(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "There is nothing at this address.";
            case UNAUTHORIZED -> "Sign in first.";
            case FORBIDDEN -> "You are not allowed to do this.";
            case BAD_REQUEST -> "The request could not be understood.";
            case METHOD_NOT_ALLOWED -> "This address does not take that kind of request.";
            case CONFLICT -> "This clashes with the record as it is now.";
            case CONTENT_TOO_LARGE -> "The request is larger than Custodian accepts.";
            default -> status.is5xxServerError()
                    ? "Something went wrong on our side. Nothing was changed."
                    : status.getReasonPhrase();
        };
    }
}
