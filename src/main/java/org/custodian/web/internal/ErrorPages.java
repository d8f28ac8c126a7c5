package org.custodian.web.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.web.servlet.ModelAndView;

import tools.jackson.databind.json.JsonMapper;

/**
 * One error page for every refusal a person meets in the browser, in the normal layout with their
 * navigation and a next step; API clients get the same refusal as a problem detail. Which one is
 * chosen by the path (everything under {@code /api} is the API) and the {@code Accept} header.
 */
final class ErrorPages {

    private ErrorPages() {
    }

    /**
     * A problem detail rather than a page: any path under {@code /api}, or an {@code Accept} header
     * that names types and none of them is HTML. A browser always asks for HTML; no header at all is
     * a page too.
     */
    static boolean wantsProblem(HttpServletRequest request) {
        if (isApiPath(request)) {
            return true;
        }
        List<String> headers = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        if (headers.isEmpty()) {
            return false;
        }
        try {
            List<MediaType> accepted = MediaType.parseMediaTypes(headers);
            return !accepted.isEmpty() && accepted.stream().noneMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML)
                    && type.getQualityValue() > 0);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The path the client asked for: on the error dispatch, the original one. */
    static boolean isApiPath(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = original instanceof String path ? path : request.getRequestURI();
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return path.equals("/api") || path.startsWith("/api/");
    }

    /** The error page for this status, with the refusal's own code and message (never personal data). */
    static ModelAndView page(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status,
                             String code, String message) {
        response.setStatus(status.value());
        ModelAndView view = new ModelAndView("error");
        view.setStatus(status);
        view.addObject("status", status.value());
        view.addObject("heading", headingFor(status));
        view.addObject("message", message);
        view.addObject("code", code);
        // Exception handlers and resolvers build a fresh model, without the controllers' own model
        // attributes: the layout's navigation needs the signed-in user, taken from the request.
        if (request.getUserPrincipal() instanceof Authentication authentication
                && !(authentication.getPrincipal() instanceof String)) {
            view.addObject("currentUser", authentication.getPrincipal());
        }
        return view;
    }

    /** Writes a problem detail as the whole answer (for code that cannot return a response entity). */
    static void writeProblem(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(problem));
    }

    /** The page's heading in plain words: what happened, from the reader's side. */
    static String headingFor(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == null) {
            return "Sorry, there is a problem";
        }
        return switch (known) {
            case BAD_REQUEST -> "Sorry, this request could not be understood";
            case FORBIDDEN -> "You do not have access to this page";
            case NOT_FOUND -> "Page not found";
            case METHOD_NOT_ALLOWED -> "This page cannot be used that way";
            case CONFLICT -> "This could not be done";
            case CONTENT_TOO_LARGE -> "The file is too large";
            default -> known.is5xxServerError() ? "Sorry, there is a problem with the service" : known.getReasonPhrase();
        };
    }
}
