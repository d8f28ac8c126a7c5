package org.custodian.backups.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.custodian.backups.BackupReason;
import org.custodian.identity.SchoolAdminsChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * The daily backup (every instance schedules it; the advisory lock lets one run) and the snapshot
 * after a school-admin change: at most one per {@code snapshot-debounce}; a change inside that
 * window is taken by the next snapshot once the window ends (checked every minute).
 */
@Component
@EnableScheduling
class BackupSchedule implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final DefaultBackups backups;
    private final JdbcBackupRuns runs;
    private final BackupProperties properties;
    private final Clock clock;
    /** Snapshots run here, off the thread of the request that changed an admin. */
    private final java.util.concurrent.ExecutorService snapshots = java.util.concurrent.Executors.newSingleThreadExecutor(
            work -> {
                Thread thread = new Thread(work, "backup-snapshot");
                thread.setDaemon(true);
                return thread;
            });
    private boolean snapshotPending;

    BackupSchedule(DefaultBackups backups, JdbcBackupRuns runs, BackupProperties properties, Clock clock) {
        this.backups = backups;
        this.runs = runs;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(properties.schedule())) {
            registrar.addCronTask(new CronTask(this::daily, new CronTrigger(properties.schedule(), UK)));
        }
        registrar.addFixedDelayTask(this::snapshotIfDue, Duration.ofMinutes(1));
    }

    void daily() {
        try {
            backups.backUp(BackupReason.DAILY);
        } catch (RuntimeException e) {
            log.error("The daily backup failed: {}", DefaultBackups.describe(e));
        }
    }

    @ApplicationModuleListener
    void on(SchoolAdminsChanged changed) {
        log.info("A school admin was added, removed or changed: a snapshot is due");
        synchronized (this) {
            snapshotPending = true;
        }
        snapshots.execute(this::snapshotIfDue);
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        snapshots.shutdownNow();
    }

    /** Takes the pending snapshot unless one began less than the debounce period ago; true if it ran. */
    synchronized boolean snapshotIfDue() {
        if (!snapshotPending) {
            return false;
        }
        Instant last = runs.lastStarted(BackupReason.ADMIN_CHANGE);
        if (last != null && clock.instant().isBefore(last.plus(properties.snapshotDebounce()))) {
            log.info("The snapshot waits until {}", last.plus(properties.snapshotDebounce()));
            return false;
        }
        snapshotPending = false;
        try {
            backups.backUp(BackupReason.ADMIN_CHANGE);
        } catch (RuntimeException e) {
            log.error("The snapshot after a school-admin change failed: {}", DefaultBackups.describe(e));
        }
        return true;
    }
}
