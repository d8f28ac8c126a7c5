package org.custodian.schools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SchoolStateTests {

    @ParameterizedTest
    @CsvSource({
            "TRIAL, ACTIVE, true", "TRIAL, TERMINATED, true", "TRIAL, PURGED, false", "TRIAL, TRIAL, false",
            "ACTIVE, TERMINATED, true", "ACTIVE, TRIAL, false", "ACTIVE, PURGED, false", "ACTIVE, ACTIVE, false",
            "TERMINATED, PURGED, true", "TERMINATED, ACTIVE, true", "TERMINATED, TRIAL, false",
            "TERMINATED, TERMINATED, false",
            "PURGED, TRIAL, false", "PURGED, ACTIVE, false", "PURGED, TERMINATED, false", "PURGED, PURGED, false"})
    void onlyTheLifecycleStepsAreAllowed(SchoolState from, SchoolState to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @EnumSource(SchoolState.class)
    void noStateLeadsBackToTrialAndPurgedIsFinal(SchoolState state) {
        Set<SchoolState> next = state.next();
        assertThat(next).doesNotContain(SchoolState.TRIAL, state);
        if (state == SchoolState.PURGED) {
            assertThat(next).isEqualTo(EnumSet.noneOf(SchoolState.class));
        }
    }
}
