package org.custodian.identity.internal;

import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.web.ProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operator's maintenance switches: the banner on every page and the block on new sign-ins. */
@Controller
class MaintenancePageController {

    private static final String PATH = "/platform/maintenance";

    private final Maintenance maintenance;

    MaintenancePageController(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    @GetMapping(PATH)
    @RequiresPermission(Permission.MAINTENANCE)
    String form(Model model) {
        Maintenance.Settings settings = maintenance.settings();
        return page(settings.bannerMessage(), settings.signInBlocked(), null, model);
    }

    @PostMapping(PATH)
    @RequiresPermission(Permission.MAINTENANCE)
    String change(@RequestParam(defaultValue = "") String bannerMessage,
                  @RequestParam(defaultValue = "false") boolean blockSignIn,
                  @AuthenticationPrincipal CustodianUser actor, HttpServletResponse response, Model model,
                  RedirectAttributes redirect) {
        try {
            Maintenance.Settings saved = maintenance.change(bannerMessage, blockSignIn, actor);
            redirect.addFlashAttribute("banner", (saved.bannerMessage() == null ? "No maintenance banner is shown. "
                    : "The maintenance banner is shown on every page. ")
                    + (saved.signInBlocked() ? "New sign-ins are blocked, except for platform administrators."
                    : "Everyone can sign in."));
            return "redirect:" + PATH;
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return page(bannerMessage, blockSignIn, e.getMessage(), model);
        }
    }

    private static String page(String bannerMessage, boolean blockSignIn, String error, Model model) {
        model.addAttribute("bannerMessage", bannerMessage);
        model.addAttribute("blockSignIn", blockSignIn);
        model.addAttribute("maxLength", Maintenance.MAX_BANNER_LENGTH);
        model.addAttribute("error", error);
        return "identity/maintenance";
    }
}
