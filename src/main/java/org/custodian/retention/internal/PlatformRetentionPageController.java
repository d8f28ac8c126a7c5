package org.custodian.retention.internal;

import java.time.Period;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.retention.RetentionCategory;
import org.custodian.retention.RetentionSchedule.Limit;
import org.custodian.retention.RetentionSchedule.Limits;
import org.custodian.retention.RetentionTrigger;
import org.custodian.retention.internal.RetentionPageController.Choice;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operators' page: each category's default and the limits schools choose within, and changing them. */
@Controller
@RequestMapping("/platform/retention")
@RequiresPermission(Permission.RETENTION_LIMITS)
class PlatformRetentionPageController {

    private static final Logger log = LoggerFactory.getLogger(PlatformRetentionPageController.class);

    private final JdbcRetentionSchedule schedule;

    PlatformRetentionPageController(JdbcRetentionSchedule schedule) {
        this.schedule = schedule;
    }

    record Row(String category, String path, String records, String defaultRule, List<String> limits) {
    }

    record LimitForm(String trigger, String minimumYears, String minimumMonths, String minimumDays,
                     String maximumYears, String maximumMonths, String maximumDays) {
    }

    @GetMapping
    String limits(Model model) {
        model.addAttribute("rows", schedule.limits().stream().map(limits -> {
            RetentionCategory category = limits.category();
            return new Row(category.name(), RetentionPageController.path(category), category.records(),
                    RetentionPageController.ruleWords(category, category.defaultTrigger(), category.defaultPeriod()),
                    limits.limits().stream().map(limit -> words(category, limits, limit)).toList());
        }).toList());
        return "retention/limits";
    }

    @GetMapping("/{category}")
    String form(@PathVariable String category, Model model) {
        RetentionCategory chosen = RetentionApiController.category(category);
        Limit limit = limitsOf(chosen).of(chosen.defaultTrigger());
        return form(chosen, new LimitForm(limit.trigger().name(), part(limit.minimum().getYears()),
                part(limit.minimum().getMonths()), part(limit.minimum().getDays()), part(limit.maximum().getYears()),
                part(limit.maximum().getMonths()), part(limit.maximum().getDays())), new FormErrors(), model);
    }

    @PostMapping("/{category}")
    String save(@AuthenticationPrincipal CustodianUser user, @PathVariable String category, LimitForm form,
                HttpServletResponse response, Model model, RedirectAttributes redirect) {
        RetentionCategory chosen = RetentionApiController.category(category);
        FormErrors errors = new FormErrors();
        RetentionTrigger trigger = null;
        Period minimum = null;
        Period maximum = null;
        try {
            trigger = RetentionPageController.trigger(chosen, form.trigger());
        } catch (ProblemException e) {
            errors.add("trigger", e.getMessage());
        }
        try {
            minimum = RetentionPageController.period(form.minimumYears(), form.minimumMonths(), form.minimumDays(),
                    "shortest period");
        } catch (ProblemException e) {
            errors.add("minimum", e.getMessage());
        }
        try {
            maximum = RetentionPageController.period(form.maximumYears(), form.maximumMonths(), form.maximumDays(),
                    "longest period");
        } catch (ProblemException e) {
            errors.add("maximum", e.getMessage());
        }
        if (errors.isEmpty()) {
            try {
                schedule.setLimit(user, chosen, trigger, minimum, maximum);
                redirect.addFlashAttribute("banner", "The limits for " + chosen.records().toLowerCase(Locale.UK)
                        + " have been saved.");
                return "redirect:/platform/retention";
            } catch (ProblemException e) {
                errors.add("minimum", e.getMessage());
            }
        }
        log.warn("Retention limits refused");
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return form(chosen, form, errors, model);
    }

    private String form(RetentionCategory category, LimitForm form, FormErrors errors, Model model) {
        model.addAttribute("records", category.records());
        model.addAttribute("path", RetentionPageController.path(category));
        model.addAttribute("triggers", category.triggers().stream().sorted()
                .map(t -> new Choice(t.name(), RetentionPageController.triggerWords(category, t))).toList());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "retention/limit";
    }

    private Limits limitsOf(RetentionCategory category) {
        return schedule.limits().stream().filter(l -> l.category() == category).findFirst().orElseThrow();
    }

    private static String words(RetentionCategory category, Limits limits, Limit limit) {
        String range = RetentionPeriods.range(limit.minimum(), limit.maximum());
        String text = limits.limits().size() == 1 ? Character.toUpperCase(range.charAt(0)) + range.substring(1)
                : RetentionPageController.triggerWords(category, limit.trigger()) + ": " + range;
        return text + (limit.setAt() == null ? " (default)" : " (set " + RetentionPageController.instant(limit.setAt()) + ")");
    }

    private static String part(int value) {
        return String.valueOf(value);
    }
}
