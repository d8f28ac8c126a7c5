package org.custodian.identity.internal;

import org.custodian.web.PublicEndpoint;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class SignInController {

    @PublicEndpoint
    @GetMapping("/login")
    String signIn() {
        return "identity/sign-in";
    }
}
