package org.custodian.web;

import org.custodian.identity.SignInStep;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Test classpath only: page addresses that fail in each of the ways a person can meet, through
 * the same exceptions the real pages throw, so every error page can be opened in a browser.
 */
@Profile("test")
@Controller
@SignInStep
class ErrorProbeController {

    static final String PATH = "/test-error-probe";

    /** A required parameter left out: the framework's own 400. */
    @GetMapping(PATH + "/400")
    String badRequest(@RequestParam String needed) {
        return "error";
    }

    /** Only POST is mapped: a GET is the framework's 405. */
    @PostMapping(PATH + "/405")
    String postOnly() {
        return "error";
    }

    @GetMapping(PATH + "/409")
    String conflict() {
        throw ProblemException.conflict("stale-preview", "The preview has changed since you opened it.");
    }

    /** What the multipart parser throws for an upload over the limit. */
    @GetMapping(PATH + "/413")
    String tooLarge() {
        throw new MaxUploadSizeExceededException(1);
    }

    @GetMapping(PATH + "/500")
    String failure() {
        throw new IllegalStateException("A failure of our own, for the test");
    }

    @GetMapping(PATH + "/403")
    String refused() {
        throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "You are not allowed to do this.");
    }
}
