package org.custodian.schools.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param gracePeriodDays days a terminated school's admin may still take its data back before the
 *                        purge, unless the school's contract sets its own period
 */
@ConfigurationProperties("custodian.schools")
record SchoolProperties(@DefaultValue("31") int gracePeriodDays) {

    SchoolProperties {
        if (gracePeriodDays < 0 || gracePeriodDays > JdbcSchools.MAX_GRACE_DAYS) {
            throw new IllegalArgumentException("custodian.schools.grace-period-days must be 0 to "
                    + JdbcSchools.MAX_GRACE_DAYS);
        }
    }
}
