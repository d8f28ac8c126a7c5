package org.custodian.pupils.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.Sex;
import org.custodian.pupils.Upn;
import org.custodian.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Checks a pupil record before anything is written. Errors name the field and a rule code, never
 * the rejected value. Values of switched-off categories are dropped unread, not validated.
 */
@Component
class PupilValidator {

    static final Set<String> NC_YEARS = Set.of("E1", "E2", "N1", "N2", "R", "1", "2", "3", "4", "5", "6", "7", "8",
            "9", "10", "11", "12", "13", "14", "X");
    static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern ADMISSION_NUMBER = Pattern.compile("[A-Za-z0-9/-]{1,20}");
    private static final Pattern CLASS_CODE = Pattern.compile("[\\p{Alnum}][\\p{Alnum} /._-]{0,39}");
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final int OLDEST_PUPIL_AGE = 25;
    private static final int YOUNGEST_PUPIL_AGE = 1;

    private final Clock clock;

    PupilValidator(Clock clock) {
        this.clock = clock;
    }

    /** A record that passed every check, in canonical form, with the categories it dropped. */
    record Valid(String upn, String forename, String surname, LocalDate dateOfBirth, String admissionNumber, Sex sex,
                 String ncYear, String registrationGroup, List<String> classes, Map<OptionalCategory, String> categories,
                 List<OptionalCategory> dropped) {
        @Override
        public String toString() {
            return "Valid[categories=" + categories.keySet() + "]";
        }
    }

    Valid validate(PupilData data, Set<OptionalCategory> enabled) {
        List<Map<String, String>> errors = new ArrayList<>();
        String upn = trim(data.upn());
        if (upn == null) {
            errors.add(error("upn", "required", "Enter the UPN."));
        } else if (!Upn.isValid(upn)) {
            errors.add(error("upn", "invalid-upn", "The UPN must be 13 characters with a correct check letter."));
        }
        String forename = name(data.forename(), "forename", errors);
        String surname = name(data.surname(), "surname", errors);
        LocalDate dateOfBirth = dateOfBirth(trim(data.dateOfBirth()), errors);
        String admissionNumber = trim(data.admissionNumber());
        if (admissionNumber != null && !ADMISSION_NUMBER.matcher(admissionNumber).matches()) {
            errors.add(error("admissionNumber", "invalid-format", "An admission number has 1 to 20 letters, digits, / or -."));
        }
        Sex sex = null;
        String sexCode = trim(data.sex());
        if (sexCode == null) {
            errors.add(error("sex", "required", "Enter the sex (M or F)."));
        } else if (!sexCode.equals("M") && !sexCode.equals("F")) {
            errors.add(error("sex", "unknown-code", "Sex must be M or F."));
        } else {
            sex = Sex.valueOf(sexCode);
        }
        String ncYear = trim(data.ncYear());
        if (ncYear != null && !NC_YEARS.contains(ncYear)) {
            errors.add(error("ncYear", "unknown-code", "NC year must be E1, E2, N1, N2, R, 1 to 14 or X."));
        }
        String registrationGroup = classCode(data.registrationGroup(), "registrationGroup", errors);
        Set<String> classes = new LinkedHashSet<>();
        for (int i = 0; i < data.classes().size(); i++) {
            String code = classCode(data.classes().get(i), "classes[" + i + "]", errors);
            if (code != null) {
                classes.add(code);
            }
        }
        Map<OptionalCategory, String> categories = new EnumMap<>(OptionalCategory.class);
        List<OptionalCategory> dropped = new ArrayList<>();
        data.categories().forEach((name, value) -> {
            OptionalCategory category = category(name);
            if (category == null) {
                errors.add(error("categories." + safe(name), "unknown-category", "There is no optional category of that name."));
            } else if (!enabled.contains(category)) {
                dropped.add(category);
            } else if (value != null) {
                String canonical = category.canonical(value);
                if (canonical == null) {
                    errors.add(error("categories." + category.name(), "invalid-value", "Expected " + category.expected() + "."));
                } else {
                    categories.put(category, canonical);
                }
            }
        });
        if (!errors.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "validation-failed",
                    "The pupil record has errors; nothing was saved.", errors);
        }
        dropped.sort(null);
        return new Valid(upn, forename, surname, dateOfBirth, admissionNumber, sex, ncYear, registrationGroup,
                List.copyOf(classes), categories, List.copyOf(dropped));
    }

    private LocalDate dateOfBirth(String value, List<Map<String, String>> errors) {
        if (value == null) {
            errors.add(error("dateOfBirth", "required", "Enter the date of birth."));
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value, ISO_DATE);
        } catch (DateTimeParseException e) {
            errors.add(error("dateOfBirth", "invalid-date", "The date of birth must be a real date as yyyy-MM-dd."));
            return null;
        }
        LocalDate today = LocalDate.now(clock.withZone(UK));
        int age = Period.between(date, today).getYears();
        if (date.isAfter(today) || age < YOUNGEST_PUPIL_AGE || age > OLDEST_PUPIL_AGE) {
            errors.add(error("dateOfBirth", "implausible-date",
                    "The date of birth must make the pupil between 1 and 25 years old."));
            return null;
        }
        return date;
    }

    private static String name(String value, String field, List<Map<String, String>> errors) {
        String trimmed = trim(value);
        if (trimmed == null) {
            errors.add(error(field, "required", "Enter the " + field + "."));
            return null;
        }
        String canonical = NameCharacters.canonical(trimmed);
        if (canonical == null) {
            errors.add(error(field, "invalid-format", "A name has 1 to 100 characters: letters of the Latin "
                    + "alphabet (accented too), spaces and punctuation, but no digits, double quotes or |."));
            return trimmed;
        }
        return canonical;
    }

    private static String classCode(String value, String field, List<Map<String, String>> errors) {
        String trimmed = trim(value);
        if (trimmed != null && !CLASS_CODE.matcher(trimmed).matches()) {
            errors.add(error(field, "invalid-format", "A class code has 1 to 40 letters, digits, spaces or / . _ -."));
            return null;
        }
        return trimmed;
    }

    private static OptionalCategory category(String name) {
        try {
            return OptionalCategory.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    /** Category names are codes; anything else is not echoed back in full. */
    private static String safe(String name) {
        return name != null && name.matches("[A-Za-z0-9_]{1,40}") ? name : "?";
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static Map<String, String> error(String field, String code, String message) {
        return Map.of("field", field, "code", code, "message", message);
    }
}
