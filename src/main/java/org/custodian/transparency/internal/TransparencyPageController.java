package org.custodian.transparency.internal;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.web.PublicEndpoint;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The school's transparency page and the public cookie page. */
@Controller
class TransparencyPageController {

    static final String PATH = "/school/transparency";

    private final TransparencyAnswers answers;
    private final Cookies cookies;

    TransparencyPageController(TransparencyAnswers answers, Cookies cookies) {
        this.answers = answers;
        this.cookies = cookies;
    }

    @GetMapping(PATH)
    @RequiresPermission(Permission.SCHOOL_VIEW)
    String transparency(@AuthenticationPrincipal CustodianUser user, Model model) {
        model.addAttribute("answers", answers.forSchool(user.ownSchoolId()));
        model.addAttribute("canCheckLog", user.has(Permission.ACCESS_LOG_REVIEW));
        return "transparency/school";
    }

    @GetMapping("/cookies")
    @PublicEndpoint
    String cookies(Model model) {
        model.addAttribute("cookies", cookies.all());
        return "transparency/cookies";
    }
}
