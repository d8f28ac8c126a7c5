package org.custodian.retention.internal;

import jakarta.servlet.http.HttpServletRequest;

import org.custodian.identity.CustodianUser;
import org.custodian.retention.RetentionCategory;
import org.custodian.retention.RetentionSchedule;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The sign-in events page says how long its records are kept: the school's own rule for sign-in
 * records, which the sweep applies. Given to the page from here because identity cannot depend on
 * retention (retention depends on identity).
 */
@ControllerAdvice(basePackages = "org.custodian.identity")
class SignInRetentionAdvice {

    static final String PAGE = "/school/sign-in-events";

    private final RetentionSchedule schedule;

    SignInRetentionAdvice(RetentionSchedule schedule) {
        this.schedule = schedule;
    }

    @ModelAttribute
    void signInRetention(HttpServletRequest request, @AuthenticationPrincipal CustodianUser user, Model model) {
        if (!PAGE.equals(request.getServletPath()) || user == null || user.schoolId() == null) {
            return;
        }
        var rule = schedule.rule(user.schoolId(), RetentionCategory.SIGN_IN_RECORDS);
        model.addAttribute("signInRetention", "for " + RetentionPeriods.words(rule.period()) + " after the sign-in, then deleted");
    }
}
