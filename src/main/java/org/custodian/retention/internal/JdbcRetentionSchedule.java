package org.custodian.retention.internal;

import java.time.Clock;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.custodian.identity.CustodianUser;
import org.custodian.retention.RetentionCategory;
import org.custodian.retention.RetentionSchedule;
import org.custodian.retention.RetentionTrigger;
import org.custodian.retention.internal.RetentionStore.StoredChoice;
import org.custodian.retention.internal.RetentionStore.StoredLimit;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The schedule in force: defaults from the catalogue, limits from operators, choices from schools.
 * A choice is checked against the limits in force when it is made; a choice that later limits
 * exclude is held to the nearest limit (and the page says so) until the school chooses again.
 */
@Service
class JdbcRetentionSchedule implements RetentionSchedule {

    private final RetentionStore store;
    private final Tenancy tenancy;
    private final Clock clock;

    JdbcRetentionSchedule(RetentionStore store, Tenancy tenancy, Clock clock) {
        this.store = store;
        this.tenancy = tenancy;
        this.clock = clock;
    }

    @Override
    public List<Rule> rules(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> {
            Map<RetentionCategory, Limits> limits = limits(store.currentLimits());
            Map<RetentionCategory, StoredChoice> choices = store.currentChoices(schoolId).stream()
                    .collect(Collectors.toMap(StoredChoice::category, c -> c));
            return Arrays.stream(RetentionCategory.values())
                    .map(category -> rule(category, limits.get(category), choices.get(category))).toList();
        });
    }

    @Override
    public Rule rule(UUID schoolId, RetentionCategory category) {
        return rules(schoolId).stream().filter(rule -> rule.category() == category).findFirst().orElseThrow();
    }

    /** Every category's limits in force. */
    List<Limits> limits() {
        Map<RetentionCategory, Limits> limits = tenancy.asPlatform(() -> limits(store.currentLimits()));
        return Arrays.stream(RetentionCategory.values()).map(limits::get).toList();
    }

    /** A category's rule where no school chose one: its default period within the operators' limits. */
    Rule platformRule(RetentionCategory category) {
        return rule(category, limits().get(category.ordinal()), null);
    }

    List<StoredChoice> changes(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> store.choiceHistory(schoolId));
    }

    List<StoredLimit> limitChanges() {
        return tenancy.asPlatform(store::limitHistory);
    }

    /**
     * The school admin's choice for a category: a trigger the category allows and a period within
     * the platform's limits for it; refused with nothing written otherwise.
     */
    Rule choose(CustodianUser admin, RetentionCategory category, RetentionTrigger trigger, Period period) {
        UUID schoolId = admin.ownSchoolId();
        if (!category.triggers().contains(trigger)) {
            throw triggerNotAllowed(category);
        }
        return tenancy.inSchool(schoolId, () -> {
            Limit limit = limits(store.currentLimits()).get(category).of(trigger);
            if (!RetentionPeriods.within(period, limit.minimum(), limit.maximum())) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "retention-period-out-of-range",
                        "For " + category.records().toLowerCase(java.util.Locale.UK) + " the platform allows "
                                + RetentionPeriods.range(limit.minimum(), limit.maximum()) + ". Nothing was changed.");
            }
            store.insertChoice(schoolId, new StoredChoice(category, trigger, period, admin.id(), clock.instant()));
            return rules(schoolId).stream().filter(rule -> rule.category() == category).findFirst().orElseThrow();
        });
    }

    /** An operator's limits for a category and trigger: minimum no longer than maximum. */
    Limits setLimit(CustodianUser operator, RetentionCategory category, RetentionTrigger trigger, Period minimum,
                    Period maximum) {
        if (!category.triggers().contains(trigger)) {
            throw triggerNotAllowed(category);
        }
        if (RetentionPeriods.compare(minimum, maximum) > 0) {
            throw ProblemException.badRequest("invalid-limits",
                    "The shortest period cannot be longer than the longest. Nothing was changed.");
        }
        return tenancy.asPlatform(() -> {
            store.insertLimit(new StoredLimit(category, trigger, minimum, maximum, operator.id(), clock.instant()));
            return limits(store.currentLimits()).get(category);
        });
    }

    private static ProblemException triggerNotAllowed(RetentionCategory category) {
        return ProblemException.badRequest("trigger-not-allowed", "That category's period counts from "
                + category.triggers().stream().map(Enum::name).sorted().collect(Collectors.joining(" or "))
                + ". Nothing was changed.");
    }

    private static Map<RetentionCategory, Limits> limits(List<StoredLimit> set) {
        Map<RetentionCategory, Limits> limits = new EnumMap<>(RetentionCategory.class);
        for (RetentionCategory category : RetentionCategory.values()) {
            List<Limit> perTrigger = new ArrayList<>();
            category.triggers().stream().sorted(Comparator.naturalOrder()).forEach(trigger -> perTrigger.add(
                    set.stream().filter(l -> l.category() == category && l.trigger() == trigger).findFirst()
                            .map(l -> new Limit(trigger, l.minimum(), l.maximum(), l.changedBy(), l.changedAt()))
                            .orElse(new Limit(trigger, category.defaultMinimum(), category.defaultMaximum(), null, null))));
            limits.put(category, new Limits(category, List.copyOf(perTrigger)));
        }
        return limits;
    }

    private static Rule rule(RetentionCategory category, Limits limits, StoredChoice choice) {
        RetentionTrigger trigger = choice == null ? category.defaultTrigger() : choice.trigger();
        Period wanted = choice == null ? category.defaultPeriod() : choice.period();
        Limit limit = limits.of(trigger);
        Period period = wanted;
        if (RetentionPeriods.compare(wanted, limit.minimum()) < 0) {
            period = limit.minimum();
        } else if (RetentionPeriods.compare(wanted, limit.maximum()) > 0) {
            period = limit.maximum();
        }
        return new Rule(category, trigger, period, limits, choice == null ? null : choice.changedBy(),
                choice == null ? null : choice.changedAt(), period != wanted);
    }
}
