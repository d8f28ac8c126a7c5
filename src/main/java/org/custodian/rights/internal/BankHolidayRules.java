package org.custodian.rights.internal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.custodian.terms.Easter;

/**
 * The usual bank holidays of each nation for any year, for years the bank-holidays file lacks.
 * One-off days (a jubilee, a coronation, a state funeral, a moved May holiday) exist only in the file.
 *
 * <p>England and Wales: New Year's Day, Good Friday, Easter Monday, the first and last Mondays of May,
 * the last Monday of August, Christmas Day, Boxing Day. Scotland: New Year's Day, 2 January, Good
 * Friday, the first and last Mondays of May, the first Monday of August, St Andrew's Day (30 November),
 * Christmas Day, Boxing Day. Northern Ireland: England's and Wales's, with St Patrick's Day
 * (17 March) and the Battle of the Boyne (12 July). A fixed-date holiday at a weekend is observed on
 * the next weekday that is not already a holiday (so Christmas on a Saturday gives Monday 27 and
 * Boxing Day Tuesday 28 December).
 */
final class BankHolidayRules {

    private BankHolidayRules() {
    }

    static List<Holiday> holidays(Division division, int year) {
        List<Holiday> moving = new ArrayList<>();
        List<Fixed> fixed = new ArrayList<>();
        LocalDate easter = Easter.sunday(year);
        fixed.add(new Fixed(LocalDate.of(year, Month.JANUARY, 1), "New Year’s Day"));
        if (division == Division.SCOTLAND) {
            fixed.add(new Fixed(LocalDate.of(year, Month.JANUARY, 2), "2nd January"));
        }
        if (division == Division.NORTHERN_IRELAND) {
            fixed.add(new Fixed(LocalDate.of(year, Month.MARCH, 17), "St Patrick’s Day"));
        }
        moving.add(new Holiday(easter.minusDays(2), "Good Friday", false));
        if (division != Division.SCOTLAND) {
            moving.add(new Holiday(easter.plusDays(1), "Easter Monday", false));
        }
        moving.add(new Holiday(first(DayOfWeek.MONDAY, year, Month.MAY), "Early May bank holiday", false));
        moving.add(new Holiday(last(DayOfWeek.MONDAY, year, Month.MAY), "Spring bank holiday", false));
        if (division == Division.NORTHERN_IRELAND) {
            fixed.add(new Fixed(LocalDate.of(year, Month.JULY, 12), "Battle of the Boyne (Orangemen’s Day)"));
        }
        moving.add(new Holiday(division == Division.SCOTLAND
                ? first(DayOfWeek.MONDAY, year, Month.AUGUST)
                : last(DayOfWeek.MONDAY, year, Month.AUGUST), "Summer bank holiday", false));
        if (division == Division.SCOTLAND) {
            fixed.add(new Fixed(LocalDate.of(year, Month.NOVEMBER, 30), "St Andrew’s Day"));
        }
        fixed.add(new Fixed(LocalDate.of(year, Month.DECEMBER, 25), "Christmas Day"));
        fixed.add(new Fixed(LocalDate.of(year, Month.DECEMBER, 26), "Boxing Day"));

        // Holidays on weekdays keep their date; then each one at a weekend, earliest first, takes the
        // next weekday nothing else holds.
        Set<LocalDate> taken = new HashSet<>();
        List<Holiday> result = new ArrayList<>(moving);
        moving.forEach(holiday -> taken.add(holiday.date()));
        for (Fixed day : fixed) {
            if (!isWeekend(day.date())) {
                result.add(new Holiday(day.date(), day.title(), false));
                taken.add(day.date());
            }
        }
        for (Fixed day : fixed) {
            if (isWeekend(day.date())) {
                LocalDate observed = day.date();
                while (isWeekend(observed) || taken.contains(observed)) {
                    observed = observed.plusDays(1);
                }
                result.add(new Holiday(observed, day.title(), true));
                taken.add(observed);
            }
        }
        result.sort(Comparator.comparing(Holiday::date));
        return List.copyOf(result);
    }

    private record Fixed(LocalDate date, String title) {
    }

    static boolean isWeekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static LocalDate first(DayOfWeek day, int year, Month month) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.firstInMonth(day));
    }

    private static LocalDate last(DayOfWeek day, int year, Month month) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.lastInMonth(day));
    }
}
