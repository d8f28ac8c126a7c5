package org.custodian.breaches.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.custodian.rights.BreachDeadline;
import org.custodian.web.ProblemException;
import org.junit.jupiter.api.Test;

class BreachTimesTests {

    @Test
    void localTimesAreUkTimeAndTheDeadlineIsSeventyTwoElapsedHoursAcrossTheClockChange() {
        // 28 March 2027 is the last Sunday of March: 00:30 is still GMT, the deadline falls in BST.
        Instant aware = BreachTimes.parse("2027-03-28T00:30", "awareAt", false);
        assertThat(aware).isEqualTo(Instant.parse("2027-03-28T00:30:00Z"));
        Instant reportBy = BreachDeadline.reportBy(aware);
        assertThat(Duration.between(aware, reportBy)).isEqualTo(Duration.ofHours(72));
        assertThat(BreachTimes.shown(reportBy)).isEqualTo("31 March 2027, 01:30");
        // Summer time itself: a local time in BST is an hour ahead of UTC.
        assertThat(BreachTimes.parse("2027-06-01T09:00", "awareAt", false))
                .isEqualTo(Instant.parse("2027-06-01T08:00:00Z"));
        assertThat(BreachTimes.parse("2027-06-01T09:00:00Z", "awareAt", false))
                .isEqualTo(Instant.parse("2027-06-01T09:00:00Z"));
    }

    @Test
    void anUnreadableTimeIsAProblemThatDoesNotQuoteIt() {
        assertThatThrownBy(() -> BreachTimes.parse("last tuesday", "awareAt", false))
                .isInstanceOf(ProblemException.class)
                .hasMessageNotContaining("last tuesday")
                .extracting(e -> ((ProblemException) e).code()).isEqualTo("invalid-breach");
    }

    @Test
    void timeLeftReadsBothWays() {
        assertThat(BreachTimes.left(72 * 60)).isEqualTo("72 h 0 min left");
        assertThat(BreachTimes.left(-90)).isEqualTo("passed 1 h 30 min ago");
    }
}
