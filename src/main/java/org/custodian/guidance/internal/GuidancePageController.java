package org.custodian.guidance.internal;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The school's guidance for its staff to read and acknowledge. */
@Controller
class GuidancePageController {

    static final String PATH = "/school/guidance";

    private final Guidance guidance;

    GuidancePageController(Guidance guidance) {
        this.guidance = guidance;
    }

    @GetMapping(PATH)
    @RequiresPermission(Permission.SCHOOL_VIEW)
    String page(@AuthenticationPrincipal CustodianUser user, Model model) {
        model.addAttribute("view", guidance.view(user));
        return "guidance/guidance";
    }

    @PostMapping(PATH)
    @RequiresPermission(Permission.SCHOOL_VIEW)
    String acknowledge(@AuthenticationPrincipal CustodianUser user, @RequestParam(required = false) Integer version) {
        guidance.acknowledge(user, version);
        return "redirect:" + PATH;
    }
}
