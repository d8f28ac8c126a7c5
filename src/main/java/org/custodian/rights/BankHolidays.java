package org.custodian.rights;

import java.time.LocalDate;
import java.util.Optional;

import org.custodian.schools.Nation;

/**
 * Each nation's bank holidays (England and Wales share one calendar): from the operator's
 * bank-holidays file where it has the year, otherwise from the rules that set the usual holidays.
 */
public interface BankHolidays {

    /** The bank holiday's name if the day is one in that nation (a substitute day included). */
    Optional<String> holiday(LocalDate date, Nation nation);

    /** Monday to Friday and not a bank holiday in that nation. */
    boolean isWorkingDay(LocalDate date, Nation nation);
}
