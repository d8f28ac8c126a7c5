package org.custodian.rights.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.custodian.rights.BankHolidays;
import org.custodian.rights.ClockStop;
import org.custodian.rights.Deadline;
import org.custodian.rights.Extension;
import org.custodian.rights.SubjectRightsDeadlines;
import org.custodian.schools.Nation;
import org.springframework.stereotype.Service;

/**
 * The calendar-month rule as the ICO states it: receipt is day 1; the same date in the next month
 * (one or two months later still when extended), or that month's last day if it has no such date;
 * plus the days with the clock stopped; then, on a weekend or bank holiday, the next working day.
 */
@Service
class SubjectRightsCalculator implements SubjectRightsDeadlines {

    /** Schools keep UK time: "today" for an extension is the UK date. */
    static final ZoneId UK = ZoneId.of("Europe/London");

    private final BankHolidays holidays;
    private final Clock clock;

    SubjectRightsCalculator(BankHolidays holidays, Clock clock) {
        this.holidays = holidays;
        this.clock = clock;
    }

    @Override
    public Deadline deadline(LocalDate receivedOn, Nation nation, List<ClockStop> stops, Extension extension) {
        Objects.requireNonNull(receivedOn, "receivedOn");
        Objects.requireNonNull(nation, "nation");
        long stopped = stoppedDays(receivedOn, stops);
        if (extension == null) {
            return compute(receivedOn, nation, stopped, 0);
        }
        LocalDate firstMonthEnds = compute(receivedOn, nation, stopped, 0).date();
        if (extension.decidedOn().isBefore(receivedOn)) {
            throw new IllegalArgumentException("An extension cannot be decided before the request was received.");
        }
        if (extension.decidedOn().isAfter(firstMonthEnds)) {
            throw new IllegalArgumentException(
                    "Only a request still inside its first month may be extended: that month ended on " + firstMonthEnds + ".");
        }
        return compute(receivedOn, nation, stopped, extension.months());
    }

    @Override
    public Deadline deadline(LocalDate receivedOn, Nation nation, long stoppedDays, int extensionMonths) {
        Objects.requireNonNull(receivedOn, "receivedOn");
        Objects.requireNonNull(nation, "nation");
        if (stoppedDays < 0) {
            throw new IllegalArgumentException("Days with the clock stopped cannot be negative.");
        }
        if (extensionMonths < 0 || extensionMonths > Extension.MAX_MONTHS) {
            throw new IllegalArgumentException("An extension adds one or two further months.");
        }
        return compute(receivedOn, nation, stoppedDays, extensionMonths);
    }

    @Override
    public boolean mayExtendToday(LocalDate receivedOn, Nation nation, List<ClockStop> stops) {
        LocalDate today = LocalDate.now(clock.withZone(UK));
        return !today.isBefore(receivedOn)
                && !today.isAfter(compute(receivedOn, nation, stoppedDays(receivedOn, stops), 0).date());
    }

    /** The days covered by the stops, each day once however many stops cover it. */
    static long stoppedDays(LocalDate receivedOn, List<ClockStop> stops) {
        if (stops == null || stops.isEmpty()) {
            return 0;
        }
        List<ClockStop> sorted = new ArrayList<>(stops);
        sorted.sort(Comparator.comparing(ClockStop::stoppedOn));
        long days = 0;
        LocalDate coveredUntil = null; // exclusive
        for (ClockStop stop : sorted) {
            if (stop.stoppedOn().isBefore(receivedOn)) {
                throw new IllegalArgumentException("A clock stop cannot begin before the request was received.");
            }
            LocalDate from = coveredUntil != null && coveredUntil.isAfter(stop.stoppedOn()) ? coveredUntil : stop.stoppedOn();
            if (stop.restartedOn().isAfter(from)) {
                days += from.until(stop.restartedOn(), java.time.temporal.ChronoUnit.DAYS);
                coveredUntil = stop.restartedOn();
            }
        }
        return days;
    }

    private Deadline compute(LocalDate receivedOn, Nation nation, long stoppedDays, int extensionMonths) {
        int months = 1 + extensionMonths;
        List<String> steps = new ArrayList<>();
        steps.add("Received " + receivedOn + " (day 1).");
        LocalDate sameDate = receivedOn.plusMonths(months);
        String span = extensionMonths == 0 ? "One calendar month on"
                : months + " calendar months on (one month extended by " + extensionMonths
                + (extensionMonths == 1 ? " further month)" : " further months)");
        if (sameDate.getDayOfMonth() == receivedOn.getDayOfMonth()) {
            steps.add(span + ": " + sameDate + ".");
        } else {
            steps.add(span + ": " + sameDate + ", the last day of "
                    + sameDate.getMonth().getDisplayName(TextStyle.FULL, Locale.UK) + ", which has no "
                    + ordinal(receivedOn.getDayOfMonth()) + ".");
        }
        LocalDate date = sameDate.plusDays(stoppedDays);
        if (stoppedDays > 0) {
            steps.add("Plus " + stoppedDays + (stoppedDays == 1 ? " day" : " days") + " with the clock stopped: " + date + ".");
        }
        List<String> skipped = new ArrayList<>();
        while (!holidays.isWorkingDay(date, nation)) {
            LocalDate day = date;
            skipped.add(day + " " + holidays.holiday(day, nation)
                    .orElseGet(() -> day.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.UK)));
            date = date.plusDays(1);
        }
        if (!skipped.isEmpty()) {
            steps.add("Not a working day in " + Division.of(nation).label() + " (" + String.join(", ", skipped)
                    + "): the next working day, " + date + ".");
        }
        return new Deadline(date, String.join(" ", steps));
    }

    private static String ordinal(int day) {
        return switch (day) {
            case 31 -> "31st";
            default -> day + "th"; // only the 29th, 30th and 31st can be missing from a month
        };
    }
}
