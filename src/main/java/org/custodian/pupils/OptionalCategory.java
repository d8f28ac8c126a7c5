package org.custodian.pupils;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The optional categories of DOMAIN §2. All are treated as sensitive: stored only when the school
 * has switched the category on, read only with a reason, and left out of default views.
 */
public enum OptionalCategory {
    ETHNICITY("Ethnicity", Kind.CODE_4),
    FSM_ELIGIBLE("Free school meals eligibility", Kind.YES_NO),
    FSM6("Free school meals in the last 6 years (FSM6)", Kind.YES_NO),
    FIRST_LANGUAGE("Home or first language", Kind.LANGUAGE),
    LOOKED_AFTER("Looked after", Kind.YES_NO),
    EVER_LOOKED_AFTER("Ever looked after", Kind.YES_NO),
    MORE_ABLE("More able", Kind.YES_NO),
    PREFERRED_NAME("Preferred name", Kind.TEXT),
    PUPIL_PREMIUM("Pupil premium", Kind.YES_NO),
    SEN_STATUS("Special educational needs status", Kind.SEN_PROVISION),
    SERVICE_CHILD("Service child", Kind.YES_NO),
    TRAVELLER_STATUS("Traveller status", Kind.YES_NO);

    private final String label;
    private final Kind kind;

    OptionalCategory(String label, Kind kind) {
        this.label = label;
        this.kind = kind;
    }

    public String label() {
        return label;
    }

    /** The value as stored (canonical form), or null when it is not acceptable for this category. */
    public String canonical(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return switch (kind) {
            case YES_NO -> switch (trimmed.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "y", "1" -> "true";
                case "false", "no", "n", "0" -> "false";
                default -> null;
            };
            case CODE_4 -> matches(CODE_4, trimmed.toUpperCase(java.util.Locale.ROOT));
            case LANGUAGE -> matches(LANGUAGE_CODE, trimmed.toUpperCase(java.util.Locale.ROOT));
            case SEN_PROVISION -> SEN_CODES.contains(trimmed.toUpperCase(java.util.Locale.ROOT))
                    ? trimmed.toUpperCase(java.util.Locale.ROOT) : null;
            case TEXT -> trimmed.isEmpty() || trimmed.length() > 100 ? null : trimmed;
        };
    }

    /** Says what a valid value looks like (for error messages: never echoes the value). */
    public String expected() {
        return switch (kind) {
            case YES_NO -> "true or false";
            case CODE_4 -> "a 4-letter DfE code such as WBRI";
            case LANGUAGE -> "a 3 or 4-letter DfE language code such as ENG";
            case SEN_PROVISION -> "N, K or E (legacy S, A or P)";
            case TEXT -> "1 to 100 characters";
        };
    }

    private static String matches(Pattern pattern, String value) {
        return pattern.matcher(value).matches() ? value : null;
    }

    private static final Pattern CODE_4 = Pattern.compile("[A-Z]{4}");
    private static final Pattern LANGUAGE_CODE = Pattern.compile("[A-Z]{3,4}");
    private static final Set<String> SEN_CODES = Set.of("N", "K", "E", "S", "A", "P");

    private enum Kind {
        YES_NO, CODE_4, LANGUAGE, SEN_PROVISION, TEXT
    }
}
