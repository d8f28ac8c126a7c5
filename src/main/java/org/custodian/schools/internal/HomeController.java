package org.custodian.schools.internal;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The start page sends everyone to where their work is: their school, or the list of schools. */
@Controller
class HomeController {

    @GetMapping("/")
    @RequiresPermission(Permission.OWN_ACCOUNT)
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
