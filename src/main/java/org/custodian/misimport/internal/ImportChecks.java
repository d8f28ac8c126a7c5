package org.custodian.misimport.internal;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;

import org.custodian.pupils.Upn;

/**
 * The checks an import adds to those of every pupil write: the former UPN's check letter, and a date
 * of birth that fits the NC year (in England a pupil in year N is N + 4 on 31 August before the
 * school year starts; one year either way is allowed for pupils taught out of their age group).
 */
final class ImportChecks {

    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final MonthDay YEAR_CUT_OFF = MonthDay.of(8, 31);

    private ImportChecks() {
    }

    /** {@code academicYearStart}: 1 September of the academic year the file describes. */
    static List<ImportProblem> check(SourcePupil pupil, LocalDate academicYearStart) {
        List<ImportProblem> problems = new ArrayList<>();
        String formerUpn = pupil.formerUpn() == null ? null : pupil.formerUpn().strip();
        if (formerUpn != null && !formerUpn.isEmpty() && !Upn.isValid(formerUpn)) {
            problems.add(new ImportProblem(pupil.location(), "formerUpn", "invalid-upn",
                    "The former UPN must be 13 characters with a correct check letter."));
        }
        Integer year = numericYear(pupil.data().ncYear());
        LocalDate born = date(pupil.data().dateOfBirth());
        if (year != null && born != null) {
            LocalDate cutOff = academicYearStart.minusDays(1);
            int ageAtCutOff = java.time.Period.between(born, cutOff).getYears();
            if (Math.abs(ageAtCutOff - (year + 4)) > 1) {
                problems.add(new ImportProblem(pupil.location(), "dateOfBirth", "implausible-for-year",
                        "The date of birth does not fit the NC year (a pupil in year N is usually N + 4 on 31 August)."));
            }
        }
        return problems;
    }

    /** 1 September of the school year containing {@code today}. */
    static LocalDate academicYearStart(LocalDate today) {
        int year = MonthDay.from(today).isAfter(YEAR_CUT_OFF) ? today.getYear() : today.getYear() - 1;
        return LocalDate.of(year, 9, 1);
    }

    /** How reports name an academic year: {@code 2024/25} for the one starting 1 September 2024. */
    static String label(LocalDate academicYearStart) {
        int year = academicYearStart.getYear();
        return year + "/" + String.format("%02d", (year + 1) % 100);
    }

    private static Integer numericYear(String ncYear) {
        if (ncYear == null || !ncYear.strip().matches("\\d{1,2}")) {
            return null;
        }
        int year = Integer.parseInt(ncYear.strip());
        return year >= 1 && year <= 14 ? year : null; // other values are the pupil validator's to refuse
    }

    private static LocalDate date(String value) {
        try {
            return value == null ? null : LocalDate.parse(value.strip(), ISO_DATE);
        } catch (DateTimeParseException e) {
            return null; // the pupil validator reports it
        }
    }
}
