package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.custodian.support.CustodianTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A database error that quotes a row's values reaches neither an exception message from the driver
 * nor the log: the driver leaves the server's detail out, and the log prints database errors by
 * type and SQLState.
 */
@CustodianTest
@ExtendWith(OutputCaptureExtension.class)
class DatabaseErrorLoggingIT {

    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate transactions;

    @Test
    void aDuplicateKeyNeverQuotesTheKeyInTheExceptionOrTheLog(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> transactions.executeWithoutResult(status -> {
            jdbc.sql("create temporary table probe (name text primary key) on commit drop").update();
            jdbc.sql("insert into probe values (?)").param("zebedee-duplicate").update();
            jdbc.sql("insert into probe values (?)").param("zebedee-duplicate").update();
        }));
        assertThat(failure).isNotNull();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as(t.getClass().getName()).doesNotContain("zebedee");
        }

        Throwable syntax = catchThrowable(() -> transactions.executeWithoutResult(status ->
                jdbc.sql("select cast('zebedee-not-a-uuid' as uuid)").query().singleValue()));
        LoggerFactory.getLogger(DatabaseErrorLoggingIT.class).error("A query failed", syntax);

        assertThat(String.valueOf(syntax.getMessage())).as("the server's own message quotes the value")
                .contains("zebedee-not-a-uuid");
        assertThat(output.getAll()).contains("A query failed").contains("SQLState 22P02")
                .doesNotContain("zebedee-not-a-uuid");
    }
}
