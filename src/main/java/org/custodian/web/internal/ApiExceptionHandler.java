package org.custodian.web.internal;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.custodian.web.ProblemException;
import org.custodian.web.Problems;
import org.custodian.web.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns every failure of a JSON API controller into a problem detail with a stable code. */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        ProblemDetail problem = Problems.of(e.status(), e.code(), e.getMessage());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        return respond(problem);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(ApiExceptionHandler::describe)
                .toList();
        return respond(Problems.invalid("The request has invalid fields.", errors));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        if (e.getMostSpecificCause() instanceof UnrecognizedPropertyException unknown) {
            ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "unknown-property",
                    "The body has a property this endpoint does not take: the pointer names it.");
            problem.setProperty("pointer", pointer(unknown));
            return respond(problem);
        }
        return respond(Problems.of(HttpStatus.BAD_REQUEST, "malformed-request",
                "The request body is missing or is not valid JSON of the expected shape."));
    }

    /** A JSON pointer (RFC 6901) to the refused property; it echoes only the sender's own field name. */
    private static String pointer(UnrecognizedPropertyException e) {
        StringBuilder pointer = new StringBuilder();
        for (var reference : e.getPath()) {
            pointer.append('/');
            if (reference.getPropertyName() != null) {
                pointer.append(reference.getPropertyName().replace("~", "~0").replace("/", "~1"));
            } else {
                pointer.append(reference.getIndex());
            }
        }
        return pointer.toString();
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<ProblemDetail> badParameter(Exception e) {
        return respond(Problems.of(HttpStatus.BAD_REQUEST, "invalid-parameter",
                "A path or query parameter is missing or has the wrong format."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return respond(Problems.of(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                "This resource does not support that method."));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        log.warn("Refused an API request: unsupported-media-type");
        return respond(Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "Send the request body as application/json."));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return respond(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "You are not allowed to do this."));
    }

    @ExceptionHandler({HttpMediaTypeNotAcceptableException.class, InvalidMediaTypeException.class})
    ResponseEntity<ProblemDetail> notAcceptable(Exception e) {
        log.warn("Refused an API request: not-acceptable ({})", e.getClass().getSimpleName());
        return respond(Problems.of(HttpStatus.NOT_ACCEPTABLE, "not-acceptable",
                "Ask for application/json (or leave out the Accept header)."));
    }

    /** A query or form parameter the container could not decode (bad %-encoding): its message quotes the value. */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameter() {
        log.warn("Refused an API request: malformed-parameters");
        return respond(Problems.of(HttpStatus.BAD_REQUEST, "malformed-parameters",
                "A query or form parameter is not valid percent-encoded UTF-8."));
    }

    /** A header the firewall refused when it was first read (the firewall checks header values lazily). */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(HttpServletRequest request) {
        return respond(FirewallConfiguration.rejected(request));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        // Our own exceptions never carry personal data; the stack trace goes to the log only.
        String requestId = RequestIds.of(request);
        log.error("Unexpected error in API request {}", requestId, e);
        return respond(ErrorPageController.unexpectedFailure(request, requestId));
    }

    private static Map<String, String> describe(FieldError error) {
        return Map.of("field", error.getField(),
                "code", String.valueOf(error.getCode()),
                "message", String.valueOf(error.getDefaultMessage()));
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
