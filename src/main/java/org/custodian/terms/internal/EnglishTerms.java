package org.custodian.terms.internal;

import org.custodian.terms.Easter;
import org.custodian.privacy.NoPersonalData;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.List;

/**
 * The usual English school year, as defaults a school then corrects: Autumn from 1 September to
 * 20 December, Spring from 5 January to the Friday before Easter, Summer from the Monday after
 * Easter to 22 July. A nominal date on a weekend moves to the nearest weekday inside the term.
 */
final class EnglishTerms {

    private EnglishTerms() {
    }

    /** A default term, before it belongs to a school. */
    @NoPersonalData("a term's name and dates")
    record DefaultTerm(String name, LocalDate startsOn, LocalDate endsOn) {
    }

    /** The academic year (named by the year it starts in) that a date belongs to: September to August. */
    static int academicYearOf(LocalDate date) {
        return date.getMonthValue() >= Month.SEPTEMBER.getValue() ? date.getYear() : date.getYear() - 1;
    }

    /** The first and last day of an academic year. */
    static LocalDate firstDayOf(int academicYear) {
        return LocalDate.of(academicYear, Month.SEPTEMBER, 1);
    }

    static LocalDate lastDayOf(int academicYear) {
        return LocalDate.of(academicYear + 1, Month.AUGUST, 31);
    }

    /** Autumn, Spring and Summer of the academic year starting in September of {@code academicYear}. */
    static List<DefaultTerm> academicYear(int academicYear) {
        int next = academicYear + 1;
        LocalDate easter = Easter.sunday(next);
        return List.of(
                new DefaultTerm("Autumn " + academicYear,
                        weekdayOnOrAfter(LocalDate.of(academicYear, Month.SEPTEMBER, 1)),
                        weekdayOnOrBefore(LocalDate.of(academicYear, Month.DECEMBER, 20))),
                new DefaultTerm("Spring " + next,
                        weekdayOnOrAfter(LocalDate.of(next, Month.JANUARY, 5)),
                        easter.minusDays(2)),
                new DefaultTerm("Summer " + next,
                        easter.plusDays(1),
                        weekdayOnOrBefore(LocalDate.of(next, Month.JULY, 22))));
    }

    private static LocalDate weekdayOnOrAfter(LocalDate date) {
        LocalDate day = date;
        while (isWeekend(day)) {
            day = day.plusDays(1);
        }
        return day;
    }

    private static LocalDate weekdayOnOrBefore(LocalDate date) {
        LocalDate day = date;
        while (isWeekend(day)) {
            day = day.minusDays(1);
        }
        return day;
    }

    private static boolean isWeekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
