package org.custodian.pupils.internal;

import java.security.Principal;

import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.web.ProblemException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * A refusal from the data path on a pupil page (no purpose, a purpose the role may not use, a
 * missing reason, the sharing agreement not accepted, an unknown pupil) becomes a page that says
 * what happened and what to do, with the refusal's own message (never personal data).
 */
@ControllerAdvice(assignableTypes = {PupilPageController.class, CategoryPageController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class PupilPageRefusals {

    @ExceptionHandler(ProblemException.class)
    ModelAndView refused(ProblemException e, Principal principal, HttpServletResponse response) {
        response.setStatus(e.status().value());
        ModelAndView view = new ModelAndView("pupils/refused");
        if (principal instanceof Authentication authentication
                && authentication.getPrincipal() instanceof CustodianUser user) {
            view.addObject("currentUser", user);
        }
        view.addObject("heading", heading(e.code(), e.status().getReasonPhrase()));
        view.addObject("message", e.getMessage());
        view.addObject("code", e.code());
        view.addObject("purposeProblem", switch (e.code()) {
            case "purpose-required", "purpose-not-allowed", "reason-required", "reason-too-long" -> true;
            default -> false;
        });
        view.addObject("agreementProblem", "isa-not-accepted".equals(e.code()));
        view.addObject("limitProblem", "subject-restricted".equals(e.code()) || "purpose-objected".equals(e.code()));
        return view;
    }

    private static String heading(String code, String fallback) {
        return switch (code) {
            case "isa-not-accepted" -> "Your school has not accepted the sharing agreement";
            case "school-terminated", "school-purged" -> "Your school's use of Custodian has ended";
            case "purpose-required", "purpose-unknown" -> "Choose a purpose first";
            case "purpose-not-allowed" -> "Not allowed for this purpose";
            case "reason-required" -> "A reason is needed";
            case "reason-too-long" -> "The reason is too long";
            case "pupil-not-found" -> "Pupil not found";
            case "pupil-erased" -> "This pupil's data has been erased";
            case "subject-restricted" -> "This pupil's data is restricted";
            case "purpose-objected" -> "Not used for this purpose for this pupil";
            default -> fallback;
        };
    }
}
