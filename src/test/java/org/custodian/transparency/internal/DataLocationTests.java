package org.custodian.transparency.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The data-location statement shows a JDBC URL's host only: never the port, database, login or parameters. */
class DataLocationTests {

    @Test
    void onlyTheHostOfAJdbcUrlIsShown() {
        assertThat(DataLocation.host(null)).isNull();
        assertThat(DataLocation.host(" ")).isNull();
        assertThat(DataLocation.host("jdbc:postgresql://db.example.org:5432/custodian?sslmode=verify-full"))
                .isEqualTo("db.example.org");
        assertThat(DataLocation.host("jdbc:postgresql://db.example.org/custodian")).isEqualTo("db.example.org");
        assertThat(DataLocation.host("jdbc:postgresql://user:secret@db.example.org:5432/custodian")).isEqualTo("db.example.org");
        assertThat(DataLocation.host("jdbc:postgresql://[2001:db8::1]:5432/custodian")).isEqualTo("[2001:db8::1]");
        assertThat(DataLocation.host("jdbc:postgresql://a.example:5432,b.example:5432/custodian")).isEqualTo("a.example");
    }

    @Test
    void cookieLifetimesReadAsWords() {
        assertThat(Cookies.words(Duration.ofDays(30))).isEqualTo("30 days");
        assertThat(Cookies.words(Duration.ofMinutes(30))).isEqualTo("30 minutes");
        assertThat(Cookies.words(Duration.ofHours(1))).isEqualTo("1 hour");
    }
}
