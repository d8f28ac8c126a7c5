package org.custodian.pupils.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.Sex;
import org.springframework.stereotype.Component;

/** How the pupil pages word codes; templates call it as {@code ${@pupilPages...}}. */
@Component("pupilPages")
class PupilPageFormat {

    public String sex(Sex sex) {
        return sex == null ? "" : switch (sex) {
            case M -> "Male";
            case F -> "Female";
        };
    }

    public String year(String ncYear) {
        if (ncYear == null) {
            return "Not recorded";
        }
        return switch (ncYear) {
            case "R" -> "Reception";
            case "X" -> "Not following the National Curriculum (X)";
            case "N1", "N2" -> "Nursery " + ncYear.substring(1);
            case "E1", "E2" -> "Early years " + ncYear.substring(1);
            default -> "Year " + ncYear;
        };
    }

    /** A stored value as a person reads it: yes/no categories say Yes or No. */
    public String value(OptionalCategory category, String value) {
        if (value == null) {
            return "Not recorded";
        }
        if ("true".equals(value) && category.expected().startsWith("true")) {
            return "Yes";
        }
        if ("false".equals(value) && category.expected().startsWith("true")) {
            return "No";
        }
        return value;
    }

    public String kind(String kind) {
        return "REGISTRATION".equals(kind) ? "Registration group" : "Class";
    }

    public String names(List<PupilRecord.Staff> staff) {
        return staff.isEmpty() ? "None recorded"
                : staff.stream().map(PupilRecord.Staff::name).collect(Collectors.joining(", "));
    }
}
