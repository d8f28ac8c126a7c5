package org.custodian.tenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.SQLException;
import java.util.UUID;

import org.custodian.tenancy.Tenancy;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A statement that fails inside a nested school scope reaches the caller as itself, not as the scope's restore. */
@CustodianTest
class NestedScopeFailureIT {

    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired Fixtures fixtures;

    @Test
    void theFailedStatementIsWhatTheCallerSeesAndNothingIsWritten() {
        UUID outer = fixtures.school().id();
        UUID inner = fixtures.school().id();
        long before = tenancy.inSchool(outer, () -> jdbc.sql("select count(*) from school_term").query(Long.class).single());

        Throwable thrown = catchThrowable(() -> tenancy.inSchool(outer, () -> {
            jdbc.sql("insert into school_term (school_id, id, name, starts_on, ends_on) values (?, ?, 'Fake term', date '2026-09-01', date '2026-12-18')")
                    .params(outer, UUID.randomUUID()).update();
            return tenancy.inSchool(inner, () -> jdbc.sql("select 1 / (select count(*) - count(*) from school)")
                    .query(Long.class).single());
        }));

        assertThat(thrown).isInstanceOf(DataAccessException.class);
        assertThat(NestedExceptionUtils.getMostSpecificCause(thrown)).isInstanceOf(SQLException.class);
        assertThat(((SQLException) NestedExceptionUtils.getMostSpecificCause(thrown)).getSQLState())
                .as("division by zero").isEqualTo("22012");
        assertThat(thrown.getSuppressed()).as("the failed restore of the outer scope rides along")
                .anySatisfy(suppressed -> assertThat(suppressed).isInstanceOf(IllegalStateException.class));
        assertThat(tenancy.inSchool(outer, () -> jdbc.sql("select count(*) from school_term").query(Long.class).single()))
                .as("the outer transaction rolled back").isEqualTo(before);
    }
}
