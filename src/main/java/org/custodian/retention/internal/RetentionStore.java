package org.custodian.retention.internal;

import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.UUID;

import org.custodian.retention.RetentionCategory;
import org.custodian.retention.RetentionTrigger;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of retention_limit and retention_choice: append a change, read the newest, read the history. */
@Repository
class RetentionStore {

    private final JdbcClient jdbc;

    RetentionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record StoredLimit(RetentionCategory category, RetentionTrigger trigger, Period minimum, Period maximum,
                       UUID changedBy, Instant changedAt) {
    }

    record StoredChoice(RetentionCategory category, RetentionTrigger trigger, Period period, UUID changedBy,
                        Instant changedAt) {
    }

    /** The limits operators have set, newest per category and trigger (categories no longer in the code skipped). */
    List<StoredLimit> currentLimits() {
        return limits("""
                select distinct on (category, trigger) category, trigger, min_period, max_period, changed_by, changed_at
                from retention_limit order by category, trigger, changed_at desc, written desc""");
    }

    /** Every limit ever set, newest first. */
    List<StoredLimit> limitHistory() {
        return limits("""
                select category, trigger, min_period, max_period, changed_by, changed_at
                from retention_limit order by changed_at desc, written desc""");
    }

    void insertLimit(StoredLimit limit) {
        jdbc.sql("""
                        insert into retention_limit (id, category, trigger, min_period, max_period, changed_by, changed_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), limit.category().name(), limit.trigger().name(), limit.minimum().toString(),
                        limit.maximum().toString(), limit.changedBy(), java.sql.Timestamp.from(limit.changedAt()))
                .update();
    }

    /** The school's choices, newest per category. */
    List<StoredChoice> currentChoices(UUID schoolId) {
        return choices("""
                select distinct on (category) category, trigger, period, changed_by, changed_at
                from retention_choice where school_id = ? order by category, changed_at desc, written desc""", schoolId);
    }

    /** Every choice the school has made, newest first. */
    List<StoredChoice> choiceHistory(UUID schoolId) {
        return choices("""
                select category, trigger, period, changed_by, changed_at
                from retention_choice where school_id = ? order by changed_at desc, written desc""", schoolId);
    }

    void insertChoice(UUID schoolId, StoredChoice choice) {
        jdbc.sql("""
                        insert into retention_choice (school_id, id, category, trigger, period, changed_by, changed_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(schoolId, UUID.randomUUID(), choice.category().name(), choice.trigger().name(),
                        choice.period().toString(), choice.changedBy(), java.sql.Timestamp.from(choice.changedAt()))
                .update();
    }

    private List<StoredLimit> limits(String sql) {
        return jdbc.sql(sql).query((rs, n) -> known(rs.getString("category")) == null ? null : new StoredLimit(
                        RetentionCategory.valueOf(rs.getString("category")),
                        RetentionTrigger.valueOf(rs.getString("trigger")), Period.parse(rs.getString("min_period")),
                        Period.parse(rs.getString("max_period")), rs.getObject("changed_by", UUID.class),
                        rs.getTimestamp("changed_at").toInstant()))
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    private List<StoredChoice> choices(String sql, UUID schoolId) {
        return jdbc.sql(sql).param(schoolId).query((rs, n) -> known(rs.getString("category")) == null ? null
                        : new StoredChoice(RetentionCategory.valueOf(rs.getString("category")),
                        RetentionTrigger.valueOf(rs.getString("trigger")), Period.parse(rs.getString("period")),
                        rs.getObject("changed_by", UUID.class), rs.getTimestamp("changed_at").toInstant()))
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    private static RetentionCategory known(String name) {
        for (RetentionCategory category : RetentionCategory.values()) {
            if (category.name().equals(name)) {
                return category;
            }
        }
        return null;
    }
}
