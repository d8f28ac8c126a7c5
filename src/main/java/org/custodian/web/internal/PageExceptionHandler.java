package org.custodian.web.internal;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.web.ProblemException;
import org.custodian.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

import tools.jackson.databind.json.JsonMapper;

/**
 * A refusal on a page shows the error page with the refusal's message, never a stack trace; a
 * client that asked for JSON gets the same refusal as a problem detail.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(PageExceptionHandler.class);

    private final JsonMapper json;

    PageExceptionHandler(JsonMapper json) {
        this.json = json;
    }

    /**
     * Anything unexpected is logged here, through the log's safe exception printing, rather than by
     * the servlet container, whose own line would quote the exception's message. Refusals of access,
     * sign-in and the framework's own HTTP errors go on to their usual handling.
     */
    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws Exception {
        if (e instanceof AccessDeniedException || e instanceof AuthenticationException
                || e instanceof ErrorResponse || e instanceof ServletException) {
            throw e;
        }
        if (e instanceof RequestRejectedException) {
            // A header the firewall refused when it was first read: the client's fault, and its message quotes the value.
            ProblemDetail problem = FirewallConfiguration.rejected(request);
            return answer(request, response, problem);
        }
        if (e instanceof TypeMismatchException) {
            // An address with a malformed part (an id that is not an id): the client's fault; the message quotes the value.
            return answer(request, response, Problems.of(HttpStatus.BAD_REQUEST, "invalid-parameter",
                    "A path or query parameter is missing or has the wrong format."));
        }
        log.error("Unexpected error on a page: {}", e.getClass().getName(), e);
        if (ErrorPages.wantsProblem(request)) {
            ErrorPages.writeProblem(response, json, ErrorPageController.unexpectedFailure(request,
                    org.custodian.web.RequestIds.of(request)));
            return null;
        }
        return ErrorPages.page(request, response, HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Something went wrong on our side. Try again, or tell your school's Custodian admin.");
    }

    @ExceptionHandler(ProblemException.class)
    ModelAndView problem(ProblemException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemDetail problem = Problems.of(e.status(), e.code(), e.getMessage());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        return answer(request, response, problem);
    }

    private ModelAndView answer(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (ErrorPages.wantsProblem(request)) {
            ErrorPages.writeProblem(response, json, problem);
            return null;
        }
        return ErrorPages.page(request, response, HttpStatus.valueOf(problem.getStatus()),
                String.valueOf(problem.getProperties() == null ? null : problem.getProperties().get("code")),
                problem.getDetail());
    }
}
