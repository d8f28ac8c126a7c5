package org.custodian.web.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import tools.jackson.databind.json.JsonMapper;

/**
 * An upload whose multipart body cannot be read (no boundary, a broken part, a part header too
 * long, too large) fails before any controller is chosen, so no controller's error handling sees
 * it: this answers it as the client's fault, a problem detail with one WARN line that quotes
 * nothing sent (a person's browser gets the error page). It answers itself: the container's error
 * page would parse the same body again and answer an empty 413 or a 500.
 */
@Component
class MultipartFailures implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(MultipartFailures.class);

    private final JsonMapper json;

    MultipartFailures(JsonMapper json) {
        this.json = json;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception e) {
        if (!(e instanceof MultipartException multipart) || response.isCommitted()) {
            return null;
        }
        boolean tooLarge = multipart instanceof MaxUploadSizeExceededException;
        ProblemDetail problem = tooLarge
                ? Problems.of(HttpStatus.CONTENT_TOO_LARGE, "file-too-large",
                        "The upload, or one of its part headers such as the file name, is larger than Custodian accepts.")
                : Problems.of(HttpStatus.BAD_REQUEST, "malformed-multipart",
                        "The upload is not a readable multipart/form-data body (check its boundary, part headers and file name).");
        log.warn("Refused an upload: {}", tooLarge ? "file-too-large" : "malformed-multipart");
        if (!ErrorPages.wantsProblem(request)) {
            response.resetBuffer();
            return ErrorPages.page(request, response, HttpStatus.valueOf(problem.getStatus()),
                    tooLarge ? "file-too-large" : "malformed-multipart", problem.getDetail());
        }
        try {
            ErrorPages.writeProblem(response, json, problem);
        } catch (IOException writeFailed) {
            return null;
        }
        return new ModelAndView();
    }
}
