package org.custodian.backups.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Backups' settings (docs/settings.md).
 *
 * @param schedule           cron (Europe/London) of the daily backup; {@code -} switches it off
 * @param directory          the local destination, always written first
 * @param extraDestinations  further folders each backup is copied to and verified in
 * @param keepDaily          data backups: the newest of each of this many recent days is kept
 * @param keepMonthly        data backups: and the newest of each of this many recent months
 * @param keyRetention       key backups are kept this long (the newest always); at most 35 days
 * @param snapshotDebounce   at most one snapshot on school-admin changes per this long
 * @param drillSchedule      cron (Europe/London) of the restore drill; {@code -} switches it off
 * @param drillSample        how many pupils a drill decrypts with the restored keys
 * @param drillAlertTo       addresses told when a drill fails, besides platform admins whose sign-in is an address
 */
@ConfigurationProperties("custodian.backups")
public record BackupProperties(
        @DefaultValue("0 30 1 * * *") String schedule,
        Path directory,
        @DefaultValue("") List<Path> extraDestinations,
        @DefaultValue("30") int keepDaily,
        @DefaultValue("12") int keepMonthly,
        @DefaultValue("P7D") Duration keyRetention,
        @DefaultValue("PT15M") Duration snapshotDebounce,
        @DefaultValue("0 30 4 * * SUN") String drillSchedule,
        @DefaultValue("5") int drillSample,
        @DefaultValue("") List<String> drillAlertTo) {

    static final Duration MAX_KEY_RETENTION = Duration.ofDays(35);

    public BackupProperties {
        if (directory == null) {
            throw new IllegalArgumentException("custodian.backups.directory is required");
        }
        extraDestinations = extraDestinations == null ? List.of() : List.copyOf(extraDestinations);
        drillAlertTo = drillAlertTo == null ? List.of() : drillAlertTo.stream().filter(a -> !a.isBlank()).toList();
        if (drillSample < 1) {
            throw new IllegalArgumentException("custodian.backups.drill-sample must be at least 1");
        }
        if (keepDaily < 1 || keepMonthly < 0) {
            throw new IllegalArgumentException("custodian.backups.keep-daily must be at least 1 and keep-monthly at least 0");
        }
        if (keyRetention.isNegative() || keyRetention.isZero() || keyRetention.compareTo(MAX_KEY_RETENTION) > 0) {
            // Key backups keep destroyed subject keys alive: past 35 days an erasure would not be final.
            throw new IllegalArgumentException("custodian.backups.key-retention must be more than 0 and at most 35 days");
        }
        if (snapshotDebounce.isNegative()) {
            throw new IllegalArgumentException("custodian.backups.snapshot-debounce must not be negative");
        }
    }
}
