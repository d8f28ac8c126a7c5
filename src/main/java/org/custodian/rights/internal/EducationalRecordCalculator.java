package org.custodian.rights.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.custodian.rights.BankHolidays;
import org.custodian.rights.Deadline;
import org.custodian.rights.EducationalRecordDeadlines;
import org.custodian.schools.Nation;
import org.custodian.terms.SchoolTerms;
import org.custodian.terms.Term;
import org.springframework.stereotype.Service;

/**
 * Counts school days with the school's own term dates: a weekday inside a term that is not an
 * English bank holiday. The day of receipt is not counted; the 15th school day after it is the deadline.
 */
@Service
class EducationalRecordCalculator implements EducationalRecordDeadlines {

    private final SchoolTerms schoolTerms;
    private final BankHolidays holidays;

    EducationalRecordCalculator(SchoolTerms schoolTerms, BankHolidays holidays) {
        this.schoolTerms = schoolTerms;
        this.holidays = holidays;
    }

    @Override
    public Optional<Deadline> deadline(UUID schoolId, LocalDate receivedOn) {
        return deadline(receivedOn, schoolTerms.terms(schoolId), holidays);
    }

    static Optional<Deadline> deadline(LocalDate receivedOn, List<Term> terms, BankHolidays holidays) {
        LocalDate lastTermDay = terms.stream().map(Term::endsOn).max(LocalDate::compareTo).orElse(null);
        if (lastTermDay == null) {
            return Optional.empty();
        }
        LocalDate day = receivedOn;
        int counted = 0;
        while (counted < SCHOOL_DAYS) {
            day = day.plusDays(1);
            if (day.isAfter(lastTermDay)) {
                return Optional.empty();
            }
            if (isSchoolDay(day, terms, holidays)) {
                counted++;
            }
        }
        return Optional.of(new Deadline(day, "Received " + receivedOn + "; the " + SCHOOL_DAYS
                + "th school day after it (weekdays in the school's terms, not counting bank holidays in "
                + "England): " + day + "."));
    }

    private static boolean isSchoolDay(LocalDate day, List<Term> terms, BankHolidays holidays) {
        return holidays.isWorkingDay(day, Nation.ENGLAND)
                && terms.stream().anyMatch(term -> !day.isBefore(term.startsOn()) && !day.isAfter(term.endsOn()));
    }
}
