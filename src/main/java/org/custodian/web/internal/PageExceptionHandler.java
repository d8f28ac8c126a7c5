package org.custodian.web.internal;

import jakarta.servlet.http.HttpServletResponse;

import org.custodian.web.ProblemException;
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
