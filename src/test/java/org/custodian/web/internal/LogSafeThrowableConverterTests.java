package org.custodian.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

class LogSafeThrowableConverterTests {

    private final LogSafeThrowableConverter converter = started();

    @Test
    void aDatabaseErrorAndWhatWrapsItShowTypeAndSqlStateButNotTheirMessages() {
        SQLException driver = new SQLException(
                "ERROR: duplicate key value violates unique constraint\n  Detail: Key (upn)=(zebedee-upn) already exists.",
                "23505");
        var wrapped = new DataIntegrityViolationException(
                "PreparedStatementCallback; ERROR: Key (upn)=(zebedee-upn) already exists.", driver);

        String printed = converter.convert(event(new IllegalStateException("Import failed", wrapped)));

        assertThat(printed).doesNotContain("zebedee")
                .contains("java.lang.IllegalStateException: (message withheld") // a wrapper may quote its cause
                .contains("DataIntegrityViolationException: (message withheld")
                .contains("java.sql.SQLException: (message withheld")
                .contains("SQLState 23505")
                .contains("at org.custodian.web.internal.LogSafeThrowableConverterTests");
    }

    @Test
    void otherExceptionsKeepTheirMessages() {
        String printed = converter.convert(event(new IllegalArgumentException("Not a plain PostgreSQL identifier")));

        assertThat(printed).contains("IllegalArgumentException: Not a plain PostgreSQL identifier");
    }

    private static LoggingEvent event(Throwable throwable) {
        LoggerContext context = new LoggerContext();
        return new LoggingEvent(LogSafeThrowableConverterTests.class.getName(),
                context.getLogger("test"), Level.ERROR, "failed", throwable, null);
    }

    private static LogSafeThrowableConverter started() {
        LogSafeThrowableConverter converter = new LogSafeThrowableConverter();
        converter.setContext(new LoggerContext());
        converter.start();
        return converter;
    }
}
