package org.custodian.rights.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param bankHolidays resource ({@code classpath:} or {@code file:}) in the format of the UK
 *                     government's bank-holidays JSON; years it lacks come from the rules
 */
@ConfigurationProperties("custodian.rights")
record RightsProperties(@DefaultValue(DEFAULT_BANK_HOLIDAYS) String bankHolidays) {

    static final String DEFAULT_BANK_HOLIDAYS = "classpath:rights/bank-holidays.json";

    RightsProperties {
        if (bankHolidays == null || bankHolidays.isBlank()) {
            throw new IllegalArgumentException("custodian.rights.bank-holidays must name a resource");
        }
    }
}
