package org.custodian.rights.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.custodian.rights.BankHolidays;
import org.custodian.schools.Nation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * Bank holidays from the operator's file for every year it has any day of (per division), from
 * {@link BankHolidayRules} for the others. A year in the file is taken from the file alone, so
 * one-off days and moved holidays there are exact.
 */
@Component
@EnableConfigurationProperties(RightsProperties.class)
class BankHolidayCalendar implements BankHolidays {

    private static final Logger log = LoggerFactory.getLogger(BankHolidayCalendar.class);

    /** Division → year → date → name, for the years the file has. */
    private final Map<Division, Map<Integer, Map<LocalDate, String>>> fromFile = new EnumMap<>(Division.class);

    BankHolidayCalendar(Map<Division, List<Holiday>> file) {
        for (Division division : Division.values()) {
            Map<Integer, Map<LocalDate, String>> years = new TreeMap<>();
            for (Holiday holiday : file.getOrDefault(division, List.of())) {
                years.computeIfAbsent(holiday.date().getYear(), year -> new TreeMap<>())
                        .merge(holiday.date(), holiday.title(), (a, b) -> a + " and " + b);
            }
            years.replaceAll((year, days) -> Collections.unmodifiableMap(days));
            fromFile.put(division, Collections.unmodifiableMap(years));
        }
    }

    @Autowired
    BankHolidayCalendar(RightsProperties properties, Clock clock) {
        this(load(properties.bankHolidays()));
        int nextYear = LocalDate.now(clock).getYear() + 1;
        for (Division division : Division.values()) {
            Map<Integer, Map<LocalDate, String>> years = fromFile.get(division);
            if (years.isEmpty()) {
                log.warn("The bank-holidays file has no {} days: all its years come from the rules", division.key());
            } else if (!years.containsKey(nextYear)) {
                // Rules do not know one-off days: a newer file from gov.uk would.
                log.warn("The bank-holidays file has no {} days for {}: that year comes from the rules "
                        + "(no one-off days); replace the file with a newer copy", division.key(), nextYear);
            }
        }
    }

    private static Map<Division, List<Holiday>> load(String location) {
        Resource resource = new DefaultResourceLoader().getResource(location);
        try (InputStream in = resource.getInputStream()) {
            return BankHolidayFile.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read custodian.rights.bank-holidays (" + location + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("custodian.rights.bank-holidays (" + location + "): " + e.getMessage());
        }
    }

    @Override
    public Optional<String> holiday(LocalDate date, Nation nation) {
        return Optional.ofNullable(year(Division.of(nation), date.getYear()).get(date));
    }

    @Override
    public boolean isWorkingDay(LocalDate date, Nation nation) {
        return !BankHolidayRules.isWeekend(date) && holiday(date, nation).isEmpty();
    }

    /** Every bank holiday of the division in that year, by date. */
    Map<LocalDate, String> year(Division division, int year) {
        Map<LocalDate, String> days = fromFile.get(division).get(year);
        if (days != null) {
            return days;
        }
        // A dozen dates: cheaper to compute again than to cache for every year anyone asks about.
        Map<LocalDate, String> computed = new TreeMap<>();
        BankHolidayRules.holidays(division, year).forEach(h -> computed.put(h.date(), h.title()));
        return Collections.unmodifiableMap(computed);
    }

    /** Whether the division's days of that year come from the file. */
    boolean fromFile(Division division, int year) {
        return fromFile.get(division).containsKey(year);
    }
}
