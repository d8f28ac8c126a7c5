package org.custodian.retention.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Period;

import org.custodian.retention.RetentionCategory;
import org.custodian.retention.RetentionTrigger;
import org.custodian.web.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionPeriodsTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            P365D | 365 days
            P1Y   | 1 year
            P2Y   | 2 years
            P3M   | 3 months
            P1Y6M | 1 year and 6 months
            P1Y1M1D | 1 year, 1 month and 1 day
            P0D   | no time
            P2W   | 14 days
            """)
    void periodsAreSaidInWords(String iso, String words) {
        assertThat(RetentionPeriods.words(RetentionPeriods.parse(iso, "period"))).isEqualTo(words);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            P1Y  | P12M | 0
            P1Y  | P365D | 0
            P1Y  | P366D | -1
            P1M  | P31D | 0
            P1M  | P30D | 1
            P25Y | P9131D | 0
            P0D  | P1D | -1
            """)
    void periodsAreOrderedByWhereTheyLandFromOneFixedDay(String a, String b, int sign) {
        assertThat(Integer.signum(RetentionPeriods.compare(Period.parse(a), Period.parse(b)))).isEqualTo(sign);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''
            365
            P-1D
            -P1Y
            P101Y
            P1Y-1M
            one year
            """)
    void anythingButANonNegativePeriodOfAtMostACenturyIsRefused(String value) {
        assertThatThrownBy(() -> RetentionPeriods.parse(value, "period"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("invalid-period"))
                .message().doesNotContain(value.isEmpty() ? "\u0000" : value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SIGN_IN_RECORDS | EVENT_DATE    | P365D | Sign-in records (sign-ins, addresses, lockouts, trusted devices): deleted 365 days after the sign-in.
            PUPIL_RECORDS   | LEAVING_DATE  | P1Y   | Pupil records: deleted 1 year after the pupil leaves.
            PUPIL_RECORDS   | LEAVING_DATE  | P0D   | Pupil records: deleted when the pupil leaves.
            PUPIL_RECORDS   | DATE_OF_BIRTH | P25Y  | Pupil records: deleted 25 years after the pupil's date of birth, once they have left.
            ACCESS_LOG      | EVENT_DATE    | P2Y   | Access log entries: deleted 2 years after the access.
            """)
    void theScheduleIsSaidInPlainEnglish(RetentionCategory category, RetentionTrigger trigger, String period,
                                         String sentence) {
        assertThat(RetentionPeriods.sentence(category, trigger, Period.parse(period))).isEqualTo(sentence);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            P90D | P90D | P2Y | true
            P89D | P90D | P2Y | false
            P2Y  | P90D | P2Y | true
            P2Y1D | P90D | P2Y | false
            """)
    void withinIncludesBothLimits(String period, String min, String max, boolean within) {
        assertThat(RetentionPeriods.within(Period.parse(period), Period.parse(min), Period.parse(max))).isEqualTo(within);
    }
}
