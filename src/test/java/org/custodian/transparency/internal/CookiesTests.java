package org.custodian.transparency.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Cookie lifetimes on the cookie page read as words. */
class CookiesTests {

    @Test
    void cookieLifetimesReadAsWords() {
        assertThat(Cookies.words(Duration.ofDays(30))).isEqualTo("30 days");
        assertThat(Cookies.words(Duration.ofMinutes(30))).isEqualTo("30 minutes");
        assertThat(Cookies.words(Duration.ofHours(1))).isEqualTo("1 hour");
    }
}
