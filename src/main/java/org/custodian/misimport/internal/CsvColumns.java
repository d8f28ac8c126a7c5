package org.custodian.misimport.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodian.pupils.OptionalCategory;

/**
 * The alias table of MIS CSV exports: which header names mean which pupil field. A header is
 * matched after {@link #normalise normalising} it (lower case, only letters and digits kept), so
 * {@code Date of birth}, {@code DATE_OF_BIRTH} and {@code date-of-birth} are one name. The table is
 * documented in {@code docs/csv-columns.md} (a test checks that every alias here appears there).
 */
public final class CsvColumns {

    /** A field the CSV reader fills, with the header names that mean it. */
    public enum Column {
        UPN("upn", true, null, "UPN"),
        FORENAME("forename", true, null, "Forename", "First name", "Legal forename", "Given name"),
        SURNAME("surname", true, null, "Surname", "Last name", "Legal surname", "Family name"),
        DATE_OF_BIRTH("dateOfBirth", true, null, "Date of birth", "DOB", "Birth date"),
        SEX("sex", false, null, "Sex", "Gender"),
        ADMISSION_NUMBER("admissionNumber", false, null, "Admission number", "Adno"),
        NC_YEAR("ncYear", false, null, "Year", "NC year", "Year group", "National curriculum year"),
        REGISTRATION_GROUP("registrationGroup", false, null, "Registration group", "Reg group", "Form",
                "Tutor group"),
        CLASS("classes", false, null, "Class", "Class code", "Teaching group"),
        TEACHER("teacher", false, null, "Teacher", "Class teacher", "Teachers"),
        SUPERVISOR("supervisor", false, null, "Supervisor", "Supervisors"),
        FORMER_UPN("formerUpn", false, null, "Former UPN"),
        LEAVING_DATE("leavingDate", false, null, "Leaving date", "Date of leaving"),
        ETHNICITY("ethnicity", false, OptionalCategory.ETHNICITY, "Ethnicity"),
        FSM_ELIGIBLE("fsmEligible", false, OptionalCategory.FSM_ELIGIBLE, "FSM", "FSM eligible", "Free school meals"),
        FSM6("fsm6", false, OptionalCategory.FSM6, "FSM6", "Ever 6 FSM"),
        FIRST_LANGUAGE("firstLanguage", false, OptionalCategory.FIRST_LANGUAGE, "First language", "Home language",
                "Language"),
        LOOKED_AFTER("lookedAfter", false, OptionalCategory.LOOKED_AFTER, "Looked after", "CLA", "In care"),
        EVER_LOOKED_AFTER("everLookedAfter", false, OptionalCategory.EVER_LOOKED_AFTER, "Ever looked after"),
        MORE_ABLE("moreAble", false, OptionalCategory.MORE_ABLE, "More able", "Gifted and talented"),
        PREFERRED_NAME("preferredName", false, OptionalCategory.PREFERRED_NAME, "Preferred name",
                "Preferred forename", "Known as"),
        PUPIL_PREMIUM("pupilPremium", false, OptionalCategory.PUPIL_PREMIUM, "Pupil premium", "PP"),
        SEN_STATUS("senStatus", false, OptionalCategory.SEN_STATUS, "SEN", "SEN status", "SEN provision"),
        SERVICE_CHILD("serviceChild", false, OptionalCategory.SERVICE_CHILD, "Service child", "Service"),
        TRAVELLER_STATUS("travellerStatus", false, OptionalCategory.TRAVELLER_STATUS, "Traveller", "Traveller status");

        private final String field;
        private final boolean required;
        private final OptionalCategory category;
        private final List<String> aliases;

        Column(String field, boolean required, OptionalCategory category, String... aliases) {
            this.field = field;
            this.required = required;
            this.category = category;
            this.aliases = List.of(aliases);
        }

        /** The field name used in problems and refusals (e.g. {@code dateOfBirth}). */
        public String field() {
            return field;
        }

        /** A file without this column is refused ({@code missing-column}). */
        public boolean required() {
            return required;
        }

        /** The optional category this column fills, or null for a core field. */
        public OptionalCategory category() {
            return category;
        }

        /** The accepted header names, as documented (matching ignores case, spaces and punctuation). */
        public List<String> aliases() {
            return aliases;
        }

        /** The field in words, as the column reference (docs/csv-columns.md and the import help page) names it. */
        public String label() {
            if (category != null) {
                return category.label();
            }
            return switch (this) {
                case UPN -> "UPN";
                case FORENAME -> "Forename";
                case SURNAME -> "Surname";
                case DATE_OF_BIRTH -> "Date of birth";
                case SEX -> "Sex";
                case ADMISSION_NUMBER -> "Admission number";
                case NC_YEAR -> "NC year";
                case REGISTRATION_GROUP -> "Registration group";
                case CLASS -> "Class";
                case TEACHER -> "Teacher";
                case SUPERVISOR -> "Supervisor";
                case FORMER_UPN -> "Former UPN";
                case LEAVING_DATE -> "Leaving date";
                default -> name();
            };
        }
    }

    private static final Map<String, Column> BY_NAME = new HashMap<>();

    static {
        for (Column column : Column.values()) {
            for (String alias : column.aliases) {
                Column previous = BY_NAME.put(normalise(alias), column);
                if (previous != null) {
                    throw new IllegalStateException("alias of two columns: " + alias);
                }
            }
        }
    }

    private CsvColumns() {
    }

    /** The column a header cell names, or null when it is not one Custodian reads. */
    public static Column forHeader(String header) {
        return header == null ? null : BY_NAME.get(normalise(header));
    }

    /** Lower case with everything but letters and digits removed: {@code "Date_of-Birth "} → {@code "dateofbirth"}. */
    public static String normalise(String header) {
        StringBuilder out = new StringBuilder(header.length());
        header.codePoints()
                .filter(Character::isLetterOrDigit)
                .forEach(c -> out.appendCodePoint(Character.toLowerCase(c)));
        return out.toString();
    }
}
