package org.custodian.schools.internal;

import org.custodian.identity.CustodianUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The start page sends everyone to where their work is: their school, or the list of schools. */
@Controller
class HomeController {

    @GetMapping("/")
    @PreAuthorize("isAuthenticated()")
    String home(@AuthenticationPrincipal CustodianUser user,
                @RequestParam(name = "password-changed", required = false) String passwordChanged,
                RedirectAttributes redirect) {
        // The password page lands here after a change; carry its confirmation to the real start page.
        if (passwordChanged != null) {
            redirect.addFlashAttribute("banner", "Your password has been changed.");
        }
        return user.isPlatformStaff() ? "redirect:/platform/schools" : "redirect:/school";
    }
}
