package org.custodian.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Statements about where data lives show a JDBC URL's host only: never the port, database, login or parameters. */
class JdbcUrlsTests {

    @Test
    void onlyTheHostOfAJdbcUrlIsShown() {
        assertThat(JdbcUrls.host(null)).isNull();
        assertThat(JdbcUrls.host(" ")).isNull();
        assertThat(JdbcUrls.host("jdbc:postgresql://db.example.org:5432/custodian?sslmode=verify-full"))
                .isEqualTo("db.example.org");
        assertThat(JdbcUrls.host("jdbc:postgresql://db.example.org/custodian")).isEqualTo("db.example.org");
        assertThat(JdbcUrls.host("jdbc:postgresql://user:secret@db.example.org:5432/custodian")).isEqualTo("db.example.org");
        assertThat(JdbcUrls.host("jdbc:postgresql://[2001:db8::1]:5432/custodian")).isEqualTo("[2001:db8::1]");
        assertThat(JdbcUrls.host("jdbc:postgresql://a.example:5432,b.example:5432/custodian")).isEqualTo("a.example");
    }
}
