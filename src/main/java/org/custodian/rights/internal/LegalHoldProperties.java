package org.custodian.rights.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param reviewReminderSchedule when the school's DPO is emailed about legal holds whose review date
 *                               has come (cron, UK time; {@code -} = off)
 */
@ConfigurationProperties("custodian.rights.legal-holds")
record LegalHoldProperties(@DefaultValue("0 0 7 * * *") String reviewReminderSchedule) {
}
