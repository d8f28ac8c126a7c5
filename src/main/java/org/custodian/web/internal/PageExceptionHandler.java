package org.custodian.web.internal;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

/** A refusal on a page shows the error page with the refusal's message, never a stack trace. */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(PageExceptionHandler.class);

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
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            ModelAndView view = new ModelAndView("error");
            view.addObject("status", HttpStatus.BAD_REQUEST.value());
            view.addObject("heading", "Bad request");
            view.addObject("message", problem.getDetail());
            view.addObject("code", "request-rejected");
            return view;
        }
        log.error("Unexpected error on a page: {}", e.getClass().getName(), e);
        response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
        ModelAndView view = new ModelAndView("error");
        view.addObject("status", HttpStatus.INTERNAL_SERVER_ERROR.value());
        view.addObject("heading", "Sorry, something went wrong");
        view.addObject("message", "Something went wrong on our side. Try again, or tell your school's Custodian admin.");
        view.addObject("code", "internal-error");
        return view;
    }

    @ExceptionHandler(ProblemException.class)
    ModelAndView problem(ProblemException e, HttpServletResponse response) {
        response.setStatus(e.status().value());
        ModelAndView view = new ModelAndView("error");
        view.addObject("status", e.status().value());
        view.addObject("heading", e.status().getReasonPhrase());
        view.addObject("message", e.getMessage());
        view.addObject("code", e.code());
        return view;
    }
}
