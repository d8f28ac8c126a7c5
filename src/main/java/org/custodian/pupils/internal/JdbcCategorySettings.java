package org.custodian.pupils.internal;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.pupils.CategorySettings;
import org.custodian.pupils.OptionalCategory;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

@Component
class JdbcCategorySettings implements CategorySettings {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Clock clock;

    JdbcCategorySettings(JdbcClient jdbc, Tenancy tenancy, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.clock = clock;
    }

    @Override
    public Set<OptionalCategory> enabled(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> {
            Set<OptionalCategory> enabled = EnumSet.noneOf(OptionalCategory.class);
            jdbc.sql("select category from school_category where school_id = ? and enabled")
                    .param(schoolId).query(String.class).list()
                    .forEach(category -> enabled.add(OptionalCategory.valueOf(category)));
            return enabled;
        });
    }

    @Override
    public java.util.List<Change> changes(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("""
                        select category, enabled, values_removed, changed_by, changed_at from school_category_change
                        where school_id = ? order by changed_at desc, id""")
                .param(schoolId)
                .query((row, n) -> new Change(OptionalCategory.valueOf(row.getString(1)), row.getBoolean(2), row.getInt(3),
                        row.getObject(4, UUID.class), row.getTimestamp(5).toInstant()))
                .list());
    }

    @Override
    public int set(CustodianUser admin, OptionalCategory category, boolean enabled) {
        if (admin.schoolId() == null || !admin.role().has(Permission.CATEGORY_SETTINGS)) {
            throw ProblemException.forbidden("forbidden", "Only a school admin can change the optional categories.");
        }
        UUID schoolId = admin.schoolId();
        return tenancy.inSchool(schoolId, () -> {
            var now = clock.instant().atOffset(java.time.ZoneOffset.UTC);
            int removed = enabled ? 0 : jdbc.sql("delete from pupil_category_value where school_id = ? and category = ?")
                    .params(schoolId, category.name()).update();
            jdbc.sql("""
                            insert into school_category (school_id, category, enabled, changed_by, changed_at)
                            values (?, ?, ?, ?, ?)
                            on conflict (school_id, category)
                            do update set enabled = excluded.enabled, changed_by = excluded.changed_by,
                                          changed_at = excluded.changed_at""")
                    .params(schoolId, category.name(), enabled, admin.id(), now).update();
            jdbc.sql("""
                            insert into school_category_change (school_id, id, category, enabled, values_removed,
                                changed_by, changed_at) values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(schoolId, UUID.randomUUID(), category.name(), enabled, removed, admin.id(), now).update();
            return removed;
        });
    }
}
