package org.custodian.retention;

import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.UUID;

/**
 * Each school's retention rules as they stand: the school's own choice where it made one, else the
 * category's default, and the limits the platform allows.
 */
public interface RetentionSchedule {

    /** Every category's rule for the school, in the catalogue's order. */
    List<Rule> rules(UUID schoolId);

    /** One category's rule for the school. */
    Rule rule(UUID schoolId, RetentionCategory category);

    /**
     * A category's rule for one school: count {@code period} from {@code trigger}.
     *
     * @param chosenBy          who chose it, null for the default
     * @param chosenAt          when, null for the default
     * @param adjustedToLimits  the school's choice lies outside limits an operator set later, so the
     *                          nearest limit applies ({@code period} is that limit)
     */
    record Rule(RetentionCategory category, RetentionTrigger trigger, Period period, Limits limits,
                UUID chosenBy, Instant chosenAt, boolean adjustedToLimits) {

        public boolean isDefault() {
            return chosenBy == null;
        }
    }

    /** The shortest and longest periods schools may choose for a category, per trigger. */
    record Limits(RetentionCategory category, List<Limit> limits) {

        public Limit of(RetentionTrigger trigger) {
            return limits.stream().filter(limit -> limit.trigger() == trigger).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no such trigger for the category"));
        }
    }

    /** One trigger's limits; {@code setBy}/{@code setAt} null while they are the platform's defaults. */
    record Limit(RetentionTrigger trigger, Period minimum, Period maximum, UUID setBy, Instant setAt) {
    }
}
