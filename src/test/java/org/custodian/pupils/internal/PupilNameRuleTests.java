package org.custodian.pupils.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.pupils.PupilData;
import org.custodian.web.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Forenames and surnames keep to DfE's name rule: Latin letters and punctuation, no digits, " or |. */
class PupilNameRuleTests {

    private final PupilValidator validator =
            new PupilValidator(Clock.fixed(Instant.parse("2026-10-01T09:00:00Z"), ZoneOffset.UTC));

    @ParameterizedTest
    @ValueSource(strings = {
            "Smith", "Smith, Jr", "O'Brien", "Smith-Jones", "St. John", "de la Cruz", "Zoë", "Łukasz",
            "Nguyễn", "Şükrü", "Dvořák", "Ærøskøbing", "Þór", "ß", "Ŋgũgĩ", "Smith (known as Jones)", "A/B",
            "J.R.R.", "Lloyd & Co", "Jo Ann", "Zoe\u0308" /* e + combining diaeresis */})
    void accepted(String name) {
        assertThat(surnameErrors(name)).as(name).isEmpty();
        assertThat(forenameErrors(name)).as(name).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Smith2", "2nd", "O’Brien", "Say \"Hi\"", "Pipe|Name", "Tab\tName", "Line\nBreak", "Иван", "Ελένη", "李",
            "محمد", "Smith 😀", "Zoe\u20DD"})
    void refused(String name) {
        assertThat(surnameErrors(name)).as(name).containsExactly("invalid-format");
        assertThat(forenameErrors(name)).as(name).containsExactly("invalid-format");
    }

    @Test
    void aNameHasAtMostOneHundredCharacters() {
        assertThat(surnameErrors("x".repeat(100))).isEmpty();
        assertThat(surnameErrors("x".repeat(101))).containsExactly("invalid-format");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zoe\u0308"})
    void aNameIsKeptInItsComposedForm(String decomposed) {
        var valid = validator.validate(pupil("Ann", decomposed), Set.of());
        assertThat(valid.surname()).isEqualTo("Zoë");
    }

    private List<String> surnameErrors(String name) {
        return errors(pupil("Ann", name), "surname");
    }

    private List<String> forenameErrors(String name) {
        return errors(pupil(name, "Smith"), "forename");
    }

    private List<String> errors(PupilData data, String field) {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> validator.validate(data, Set.of()));
        return refused == null ? List.of() : refused.errors().stream()
                .filter(error -> field.equals(error.get("field")))
                .map(error -> error.get("code")).toList();
    }

    private static PupilData pupil(String forename, String surname) {
        return new PupilData("X820200115001", forename, surname, "2016-05-04", null, "F", "5", null, List.of(),
                Map.of());
    }
}
