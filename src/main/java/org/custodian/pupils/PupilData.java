package org.custodian.pupils;

import java.util.List;
import java.util.Map;

/**
 * A pupil's record as written by the API, a page or an import: raw strings, validated by
 * {@link PupilRecords}. Dates are ISO {@code yyyy-MM-dd}. Classes are teaching-class codes.
 */
public record PupilData(String upn, String forename, String surname, String dateOfBirth, String admissionNumber,
                        String sex, String ncYear, String registrationGroup, List<String> classes,
                        Map<String, String> categories) {

    public PupilData {
        classes = classes == null ? List.of() : List.copyOf(classes);
        categories = categories == null ? Map.of() : Map.copyOf(categories);
    }

    @Override
    public String toString() {
        return "PupilData[classes=" + classes.size() + ", categories=" + categories.keySet() + "]";
    }
}
