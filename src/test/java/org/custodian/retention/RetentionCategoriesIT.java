package org.custodian.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.custodian.support.CustodianTest;
import org.custodian.support.DatabaseOwner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every table Custodian stores belongs to exactly one retention category, and every category's tables exist. */
@CustodianTest
class RetentionCategoriesIT {

    @Autowired ApplicationContext context;

    @Test
    void everyTableHasExactlyOneRetentionCategory() {
        List<String> tables = JdbcClient.create(DatabaseOwner.of(context).dataSource()).sql("""
                        select table_name from information_schema.tables
                        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name""")
                .query(String.class).list();
        Map<String, List<RetentionCategory>> categoriesOf = new HashMap<>();
        Arrays.stream(RetentionCategory.values()).forEach(category -> category.tables().forEach(table ->
                categoriesOf.computeIfAbsent(table, t -> new java.util.ArrayList<>()).add(category)));

        Set<String> without = new TreeSet<>(tables);
        without.removeAll(categoriesOf.keySet());
        assertThat(without).as("tables without a retention category (add each to one in RetentionCategory)").isEmpty();
        assertThat(categoriesOf).as("tables in more than one category")
                .allSatisfy((table, categories) -> assertThat(categories).as(table).hasSize(1));
        Set<String> missing = new TreeSet<>(categoriesOf.keySet());
        missing.removeAll(tables);
        assertThat(missing).as("categories naming tables that do not exist").isEmpty();
    }

    @Test
    void everyDefaultLiesWithinItsCategorysDefaultLimits() {
        assertThat(RetentionCategory.values()).allSatisfy(category -> {
            assertThat(category.triggers()).contains(category.defaultTrigger());
            var from = java.time.LocalDate.of(2001, 1, 1);
            assertThat(from.plus(category.defaultPeriod())).as(category.name())
                    .isAfterOrEqualTo(from.plus(category.defaultMinimum()))
                    .isBeforeOrEqualTo(from.plus(category.defaultMaximum()));
        });
    }
}
