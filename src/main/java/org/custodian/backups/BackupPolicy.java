package org.custodian.backups;

import java.time.Duration;

/**
 * The backup policy as configured, for the transparency page and the record of processing: when
 * backups run, how long they are kept, how many places they go to, and the erasure guarantee.
 * No folder path leaves the module.
 */
public interface BackupPolicy {

    /** The guarantee docs/backups.md states, word for word (after "The guarantee:"). */
    String ERASURE_GUARANTEE = "an erased pupil is unreadable in every backup once the key backups older than the erasure "
            + "have expired (≤ the key-backup retention), and immediately in any restore made by Custodian.";

    Policy policy();

    /**
     * @param schedule          the daily backup's cron expression (Europe/London), or null when switched off
     * @param keepDaily         data backups: the newest of each of this many recent days is kept
     * @param keepMonthly       and the newest of each of this many recent months
     * @param keyRetention      how long key backups are kept
     * @param destinations      how many places each backup is written to (the local folder and any extra ones)
     * @param drillSchedule     the restore drill's cron expression, or null when switched off
     */
    record Policy(String schedule, int keepDaily, int keepMonthly, Duration keyRetention, int destinations,
                  String drillSchedule) {
    }
}
