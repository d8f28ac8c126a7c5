package org.custodian.retention.internal;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.StaffAccounts;
import org.custodian.retention.RetentionCategory;
import org.custodian.retention.RetentionSchedule.Limit;
import org.custodian.retention.RetentionSchedule.Rule;
import org.custodian.retention.RetentionTrigger;
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

/**
 * The school's retention schedule in plain English, its changes, and the school admin's form to
 * choose a category's period within the platform's limits. The school is always the user's own.
 */
@Controller
@RequestMapping("/school/retention")
class RetentionPageController {

    private static final Logger log = LoggerFactory.getLogger(RetentionPageController.class);
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' h:mma", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private final JdbcRetentionSchedule schedule;
    private final StaffAccounts staff;

    RetentionPageController(JdbcRetentionSchedule schedule, StaffAccounts staff) {
        this.schedule = schedule;
        this.staff = staff;
    }

    record Row(String category, String path, String records, String rule, String setBy, boolean adjusted,
               boolean changeable) {
    }

    record Change(String when, String who, String rule) {
    }

    record Choice(String value, String label) {
    }

    /** The form as sent: the trigger's name and the period in three boxes. */
    record ChoiceForm(String trigger, String periodYears, String periodMonths, String periodDays) {
    }

    @GetMapping
    @RequiresPermission(Permission.RETENTION_VIEW)
    String schedule(@AuthenticationPrincipal CustodianUser user, Model model) {
        UUID school = user.ownSchoolId();
        List<Rule> rules = schedule.rules(school);
        var changes = schedule.changes(school);
        var people = new HashSet<UUID>();
        rules.stream().map(Rule::chosenBy).filter(java.util.Objects::nonNull).forEach(people::add);
        changes.forEach(change -> people.add(change.changedBy()));
        Map<UUID, String> names = people.isEmpty() ? Map.of() : staff.displayNames(school, people);
        model.addAttribute("rows", rules.stream().map(rule -> new Row(rule.category().name(), path(rule.category()),
                rule.category().records(), ruleWords(rule.category(), rule.trigger(), rule.period()),
                rule.isDefault() ? "Custodian's default" : names.getOrDefault(rule.chosenBy(), "A removed account")
                        + ", " + WHEN.format(rule.chosenAt()),
                rule.adjustedToLimits(), !rule.category().tables().isEmpty())).toList());
        model.addAttribute("changes", changes.stream().map(change -> new Change(WHEN.format(change.changedAt()),
                names.getOrDefault(change.changedBy(), "A removed account"),
                RetentionPeriods.sentence(change.category(), change.trigger(), change.period()))).toList());
        model.addAttribute("mayChoose", user.has(Permission.RETENTION_CHOOSE));
        return "retention/schedule";
    }

    @GetMapping("/{category}")
    @RequiresPermission(Permission.RETENTION_CHOOSE)
    String form(@AuthenticationPrincipal CustodianUser user, @PathVariable String category, Model model) {
        Rule rule = schedule.rule(user.ownSchoolId(), RetentionApiController.category(category));
        Period period = rule.period();
        return form(rule, new ChoiceForm(rule.trigger().name(), String.valueOf(period.getYears()),
                String.valueOf(period.getMonths()), String.valueOf(period.getDays())), new FormErrors(), model);
    }

    @PostMapping("/{category}")
    @RequiresPermission(Permission.RETENTION_CHOOSE)
    String choose(@AuthenticationPrincipal CustodianUser user, @PathVariable String category, ChoiceForm form,
                  HttpServletResponse response, Model model, RedirectAttributes redirect) {
        RetentionCategory chosen = RetentionApiController.category(category);
        try {
            RetentionTrigger trigger = trigger(chosen, form.trigger());
            Period period = period(form.periodYears(), form.periodMonths(), form.periodDays(), "period");
            Rule saved = schedule.choose(user, chosen, trigger, period);
            redirect.addFlashAttribute("banner", "Saved. " + RetentionPeriods.sentence(chosen, saved.trigger(),
                    saved.period()));
            return "redirect:/school/retention";
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e)) {
                throw e;
            }
            log.warn("Retention choice refused: {}", e.code());
            response.setStatus(e.status().value());
            FormErrors errors = new FormErrors().add("trigger-not-allowed".equals(e.code()) ? "trigger" : "period",
                    e.getMessage());
            return form(schedule.rule(user.ownSchoolId(), chosen), form, errors, model);
        }
    }

    private String form(Rule rule, ChoiceForm form, FormErrors errors, Model model) {
        RetentionCategory category = rule.category();
        model.addAttribute("records", category.records());
        model.addAttribute("path", path(category));
        model.addAttribute("current", ruleWords(category, rule.trigger(), rule.period()));
        model.addAttribute("triggers", category.triggers().stream().sorted()
                .map(trigger -> new Choice(trigger.name(), triggerWords(category, trigger))).toList());
        Limit limit = rule.limits().of(rule.trigger());
        String allowed = rule.limits().limits().size() == 1
                ? "The platform allows " + RetentionPeriods.range(limit.minimum(), limit.maximum()) + "."
                : "The platform allows " + String.join("; ", rule.limits().limits().stream()
                        .map(l -> RetentionPeriods.range(l.minimum(), l.maximum()) + " from "
                                + triggerWords(category, l.trigger()).toLowerCase(Locale.UK)).toList()) + ".";
        model.addAttribute("limits", allowed);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "retention/choose";
    }

    static String path(RetentionCategory category) {
        return category.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The sentence without the records' name: "deleted 365 days after the sign-in." */
    static String ruleWords(RetentionCategory category, RetentionTrigger trigger, Period period) {
        String sentence = RetentionPeriods.sentence(category, trigger, period);
        String rest = sentence.substring(category.records().length() + 2);
        return Character.toUpperCase(rest.charAt(0)) + rest.substring(1);
    }

    static String triggerWords(RetentionCategory category, RetentionTrigger trigger) {
        return switch (trigger) {
            case LEAVING_DATE -> "The day the pupil leaves";
            case DATE_OF_BIRTH -> "The pupil's date of birth (for pupils who have left)";
            case TERMINATION -> "The day the school's contract ends";
            case LAST_INTERACTION -> "The last interaction";
            case END_OF_TAX_YEAR -> "The end of the tax year";
            case EVENT_DATE -> "The day the record was made";
        };
    }

    static RetentionTrigger trigger(RetentionCategory category, String value) {
        for (RetentionTrigger trigger : category.triggers()) {
            if (trigger.name().equals(value)) {
                return trigger;
            }
        }
        throw ProblemException.badRequest("trigger-not-allowed", "Choose what the period counts from.");
    }

    /** Three boxes, blank meaning 0; each a whole number. */
    static Period period(String years, String months, String days, String field) {
        return RetentionPeriods.of(number(years, field), number(months, field), number(days, field), field);
    }

    private static int number(String value, String field) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        String digits = value.strip();
        if (!digits.matches("[0-9]{1,5}")) {
            throw ProblemException.badRequest("invalid-period", "Enter the " + field
                    + " as whole numbers of years, months and days.");
        }
        return Integer.parseInt(digits);
    }

    static String instant(Instant at) {
        return at == null ? "" : WHEN.format(at);
    }
}
