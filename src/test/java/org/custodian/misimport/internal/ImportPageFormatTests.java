package org.custodian.misimport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.custodian.pupils.OptionalCategory;
import org.junit.jupiter.api.Test;

/** An import's preview names fields and categories in words, never as codes. */
class ImportPageFormatTests {

    private final ImportPageFormat format = new ImportPageFormat();

    @Test
    void categoriesAreNamedByTheirLabels() {
        for (OptionalCategory category : OptionalCategory.values()) {
            assertThat(format.field(category.name())).isEqualTo(category.label());
        }
        assertThat(format.field("FSM_ELIGIBLE")).isEqualTo("Free school meals eligibility");
    }

    @Test
    void fieldsAreSpeltOut() {
        assertThat(format.field("dateOfBirth")).isEqualTo("Date of birth");
        assertThat(format.field("registration-group")).isEqualTo("Registration group");
        assertThat(format.field("leaving-date")).isEqualTo("Leaving date");
        assertThat(format.field("ncYear")).isEqualTo("NC year");
        assertThat(format.field("upn")).isEqualTo("UPN");
        assertThat(format.field("surname")).isEqualTo("Surname");
    }
}
