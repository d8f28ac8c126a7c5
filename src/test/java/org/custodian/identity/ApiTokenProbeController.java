package org.custodian.identity;

import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test classpath only ({@code @CustodianTest} runs profile {@code test}): an endpoint that needs
 * {@link Permission#PUPIL_IMPORT}, standing in for the import API until it exists. It answers with
 * the caller's school, so a test can see which school a token acts for.
 */
@Profile("test")
@RestController
class ApiTokenProbeController {

    static final String PATH = "/api/v1/test-import-probe";

    @GetMapping(PATH)
    @RequiresPermission(Permission.PUPIL_IMPORT)
    Map<String, Object> read(@AuthenticationPrincipal CustodianUser caller) {
        return Map.of("schoolId", caller.schoolId(), "role", caller.role().name());
    }

    /** Open to any complete sign-in, like a sign-in step: a token must still not reach it. */
    @GetMapping(PATH + "/any-signed-in")
    @SignInStep
    Map<String, Object> anySignedIn(@AuthenticationPrincipal CustodianUser caller) {
        return read(caller);
    }

    /** A state change: a token needs no CSRF token for it (no cookie, no session). */
    @PostMapping(PATH)
    @RequiresPermission(Permission.PUPIL_IMPORT)
    Map<String, Object> write(@AuthenticationPrincipal CustodianUser caller) {
        return read(caller);
    }
}
