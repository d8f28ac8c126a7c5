package org.custodian.retention.internal;

import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.retention.RetentionCategory;
import org.custodian.retention.RetentionSchedule.Limits;
import org.custodian.retention.RetentionSchedule.Rule;
import org.custodian.retention.RetentionTrigger;
import org.custodian.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The retention schedule over the API: the school's rules and their changes, the school admin's
 * choices, and the operators' limits. Bodies are checked in full before any transaction; a refusal
 * logs one WARN line with its code, never a value.
 */
@RestController
@RequestMapping("/api/v1/retention")
class RetentionApiController {

    private static final Logger log = LoggerFactory.getLogger(RetentionApiController.class);

    private final JdbcRetentionSchedule schedule;

    RetentionApiController(JdbcRetentionSchedule schedule) {
        this.schedule = schedule;
    }

    /** A school's choice: the trigger (its name) and an ISO-8601 period. */
    record ChoiceBody(String trigger, String period) {
    }

    /** An operator's limits for one trigger of a category: ISO-8601 periods. */
    record LimitBody(String trigger, String minimum, String maximum) {
    }

    record LimitView(String trigger, String minimum, String maximum, UUID setBy, Instant setAt) {
    }

    record RuleView(String category, String records, String trigger, String period, String sentence,
                    boolean isDefault, boolean adjustedToLimits, UUID chosenBy, Instant chosenAt,
                    List<LimitView> limits) {
    }

    record LimitsView(String category, String records, List<LimitView> limits) {
    }

    record ChangeView(String category, String trigger, String period, UUID changedBy, Instant changedAt) {
    }

    record LimitChangeView(String category, String trigger, String minimum, String maximum, UUID changedBy,
                           Instant changedAt) {
    }

    @GetMapping("/schedule")
    @RequiresPermission(Permission.RETENTION_VIEW)
    List<RuleView> rules(@AuthenticationPrincipal CustodianUser user) {
        return schedule.rules(user.ownSchoolId()).stream().map(RetentionApiController::view).toList();
    }

    @GetMapping("/schedule/changes")
    @RequiresPermission(Permission.RETENTION_VIEW)
    List<ChangeView> changes(@AuthenticationPrincipal CustodianUser user) {
        return schedule.changes(user.ownSchoolId()).stream().map(c -> new ChangeView(c.category().name(),
                c.trigger().name(), c.period().toString(), c.changedBy(), c.changedAt())).toList();
    }

    @PutMapping("/schedule/{category}")
    @RequiresPermission(Permission.RETENTION_CHOOSE)
    RuleView choose(@AuthenticationPrincipal CustodianUser user, @PathVariable String category,
                    @RequestBody ChoiceBody body) {
        return refusing(() -> {
            RetentionCategory chosen = category(category);
            if (body == null) {
                throw ProblemException.badRequest("malformed-request", "The request body is missing.");
            }
            RetentionTrigger trigger = body.trigger() == null ? chosen.defaultTrigger() : trigger(body.trigger());
            Period period = RetentionPeriods.parse(body.period(), "period");
            return view(schedule.choose(user, chosen, trigger, period));
        });
    }

    @GetMapping("/limits")
    @RequiresPermission(Permission.RETENTION_LIMITS)
    List<LimitsView> limits() {
        return schedule.limits().stream().map(RetentionApiController::view).toList();
    }

    @GetMapping("/limits/changes")
    @RequiresPermission(Permission.RETENTION_LIMITS)
    List<LimitChangeView> limitChanges() {
        return schedule.limitChanges().stream().map(l -> new LimitChangeView(l.category().name(), l.trigger().name(),
                l.minimum().toString(), l.maximum().toString(), l.changedBy(), l.changedAt())).toList();
    }

    @PutMapping("/limits/{category}")
    @RequiresPermission(Permission.RETENTION_LIMITS)
    LimitsView setLimit(@AuthenticationPrincipal CustodianUser user, @PathVariable String category,
                        @RequestBody LimitBody body) {
        return refusing(() -> {
            RetentionCategory chosen = category(category);
            if (body == null) {
                throw ProblemException.badRequest("malformed-request", "The request body is missing.");
            }
            RetentionTrigger trigger = body.trigger() == null ? chosen.defaultTrigger() : trigger(body.trigger());
            Period minimum = RetentionPeriods.parse(body.minimum(), "minimum");
            Period maximum = RetentionPeriods.parse(body.maximum(), "maximum");
            return view(schedule.setLimit(user, chosen, trigger, minimum, maximum));
        });
    }

    static RetentionCategory category(String value) {
        try {
            return RetentionCategory.valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException unknown) {
            throw ProblemException.notFound("unknown-retention-category", "There is no such retention category.");
        }
    }

    private static RetentionTrigger trigger(String value) {
        try {
            return RetentionTrigger.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw ProblemException.badRequest("trigger-not-allowed", "There is no such trigger. Nothing was changed.");
        }
    }

    private static RuleView view(Rule rule) {
        return new RuleView(rule.category().name(), rule.category().records(), rule.trigger().name(),
                rule.period().toString(), RetentionPeriods.sentence(rule.category(), rule.trigger(), rule.period()),
                rule.isDefault(), rule.adjustedToLimits(), rule.chosenBy(), rule.chosenAt(),
                view(rule.limits()).limits());
    }

    private static LimitsView view(Limits limits) {
        return new LimitsView(limits.category().name(), limits.category().records(), limits.limits().stream()
                .map(l -> new LimitView(l.trigger().name(), l.minimum().toString(), l.maximum().toString(), l.setBy(),
                        l.setAt())).toList());
    }

    private static <T> T refusing(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (ProblemException e) {
            log.warn("Retention change refused: {}", e.code());
            throw e;
        }
    }
}
