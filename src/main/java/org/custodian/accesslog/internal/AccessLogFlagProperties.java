package org.custodian.accesslog.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the flagging job looks for (see README, settings).
 *
 * @param schedule         when the job runs (cron in UK time; {@code -} = off)
 * @param bulkReadPupils   BULK_READ: more than this many distinct pupils ...
 * @param bulkReadWindow   ... within this long, by one actor
 * @param schoolZone       OUT_OF_HOURS: the time zone school hours are in
 * @param schoolDays       OUT_OF_HOURS: the days with school hours
 * @param schoolDayStart   OUT_OF_HOURS: school hours start (inclusive) ...
 * @param schoolDayEnd     ... and end (exclusive)
 * @param classRoles       OUTSIDE_CLASSES: roles whose access is expected to stay within their classes
 * @param supportRoles     SUPPORT_ACCESS: actor roles flagged
 * @param supportPurposes  SUPPORT_ACCESS: purposes flagged
 * @param batchSize        entries one transaction of the job processes
 */
@ConfigurationProperties("custodian.access-log.flags")
record AccessLogFlagProperties(
        @DefaultValue("0 * * * * *") String schedule,
        @DefaultValue("50") int bulkReadPupils,
        @DefaultValue("PT10M") Duration bulkReadWindow,
        @DefaultValue("Europe/London") ZoneId schoolZone,
        @DefaultValue({"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"}) Set<DayOfWeek> schoolDays,
        @DefaultValue("07:00") LocalTime schoolDayStart,
        @DefaultValue("19:00") LocalTime schoolDayEnd,
        @DefaultValue({"TEACHER", "EXAM_SUPERVISOR"}) Set<String> classRoles,
        @DefaultValue("SUPPORT") Set<String> supportRoles,
        @DefaultValue("SUPPORT_WITH_CONSENT") Set<String> supportPurposes,
        @DefaultValue("1000") int batchSize) {

    AccessLogFlagProperties {
        if (bulkReadPupils < 1 || bulkReadWindow.isNegative() || bulkReadWindow.isZero()) {
            throw new IllegalArgumentException("custodian.access-log.flags: bulk-read-pupils must be at least 1 "
                    + "and bulk-read-window positive");
        }
        if (!schoolDayEnd.isAfter(schoolDayStart)) {
            throw new IllegalArgumentException("custodian.access-log.flags: school-day-end must be after school-day-start");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("custodian.access-log.flags: batch-size must be at least 1");
        }
    }
}
