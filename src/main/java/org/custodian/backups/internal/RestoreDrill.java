package org.custodian.backups.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.custodian.backups.BackupKind;
import org.custodian.backups.RestoreDrillRun;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.RestoredKeys;
import org.custodian.crypto.SigningKeys;
import org.custodian.database.ScratchDatabases;
import org.custodian.identity.UserAccounts;
import org.custodian.mail.Mailer;
import org.custodian.privacy.EmailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * The weekly restore drill: the newest data and key backups restored with the restore command's own
 * code into a throw-away pair of databases on the embedded server, every table's rows compared with
 * the manifest, a sample of pupils decrypted with the restored keys; the outcome recorded, the
 * operators emailed on failure, the databases dropped. Every instance schedules it; an advisory lock
 * lets one run.
 */
@Component
@EnableScheduling
class RestoreDrill implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(RestoreDrill.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");
    /** Advisory lock key ("custodian restore drill"). */
    private static final long LOCK = 0x6375_7374_6472_696cL;
    /** The pupil field a drill decrypts: present on every record. */
    private static final String SAMPLE_FIELD = "forename";

    private final ObjectProvider<ScratchDatabases> scratch;
    private final Restorer restorer;
    private final SigningKeys signingKeys;
    private final RestoredKeys restoredKeys;
    private final JdbcRestoreDrills drills;
    private final BackupProperties properties;
    private final DataSource dataSource;
    private final Mailer mailer;
    private final UserAccounts accounts;
    private final Clock clock;

    RestoreDrill(ObjectProvider<ScratchDatabases> scratch, Restorer restorer, SigningKeys signingKeys, RestoredKeys restoredKeys,
                 JdbcRestoreDrills drills, BackupProperties properties, DataSource dataSource, Mailer mailer,
                 UserAccounts accounts, Clock clock) {
        this.scratch = scratch;
        this.restorer = restorer;
        this.signingKeys = signingKeys;
        this.restoredKeys = restoredKeys;
        this.drills = drills;
        this.properties = properties;
        this.dataSource = dataSource;
        this.mailer = mailer;
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(properties.drillSchedule())) {
            registrar.addCronTask(new CronTask(this::scheduled, new CronTrigger(properties.drillSchedule(), UK)));
        }
    }

    void scheduled() {
        try {
            run();
        } catch (RuntimeException e) {
            log.error("The restore drill could not run: {}", DefaultBackups.describe(e));
        }
    }

    /** Runs a drill now; empty if another instance is running one. */
    Optional<RestoreDrillRun> run() {
        try (Connection lock = dataSource.getConnection()) {
            if (!tryLock(lock)) {
                log.info("A restore drill is running on another instance; this one is skipped");
                return Optional.empty();
            }
            try {
                RestoreDrillRun run = drill();
                drills.record(run);
                if (run.status() == RestoreDrillRun.Status.FAILED) {
                    log.error("The restore drill failed: {}", run.failure());
                    alert(run);
                } else {
                    log.info("The restore drill passed: {} and {} restored, {} rows, {} of {} sampled pupils opened",
                            run.dataBackup(), run.keyBackup(), run.rows(), run.sampleOpened(), run.sampleSize());
                }
                return Optional.of(run);
            } finally {
                try (Statement statement = lock.createStatement()) {
                    statement.execute("select pg_advisory_unlock(" + LOCK + ")");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The restore drill's lock failed (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select pg_try_advisory_lock(" + LOCK + ")")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    private RestoreDrillRun drill() {
        UUID id = UUID.randomUUID();
        Instant started = clock.instant();
        Optional<Path> data = BackupFiles.newest(properties.directory(), BackupKind.DATA);
        Optional<Path> keys = BackupFiles.newest(properties.directory(), BackupKind.KEYS);
        String dataName = data.map(p -> p.getFileName().toString()).orElse(null);
        String keyName = keys.map(p -> p.getFileName().toString()).orElse(null);
        ScratchDatabases databases = scratch.getIfAvailable();
        if (databases == null) {
            return failed(id, started, dataName, keyName, "Drills need the embedded PostgreSQL (a throw-away database "
                    + "is made there); with an external database, drill by hand with the restore command");
        }
        if (data.isEmpty() || keys.isEmpty()) {
            return failed(id, started, dataName, keyName, "There is no complete " + (data.isEmpty() ? "data" : "key")
                    + " backup in " + properties.directory() + " to restore");
        }
        try (ScratchDatabases.Scratch target = databases.create()) {
            Restorer.Outcome outcome = restorer.restore(new Restorer.Request(data.get(), keys.get(), List.of(),
                    key -> signingKeys.publicKeys().stream().anyMatch(ours -> Arrays.equals(ours.publicKey(), key)),
                    target.data(), target.keys()));
            List<String> problems = new ArrayList<>();
            long rows = 0;
            for (Map.Entry<String, Long> expected : outcome.expectedRows().entrySet()) {
                if (expected.getKey().equals("flyway_schema_history")) {
                    continue;
                }
                Long loaded = outcome.dataRows().containsKey(expected.getKey())
                        ? outcome.dataRows().get(expected.getKey()) : outcome.keyRows().get(expected.getKey());
                rows += loaded == null ? 0 : loaded;
                if (!expected.getValue().equals(loaded)) {
                    problems.add("Table " + expected.getKey() + ": " + loaded + " rows restored where the manifest lists "
                            + expected.getValue());
                }
            }
            int[] sample = sample(target);
            if (sample[1] < sample[0]) {
                problems.add((sample[0] - sample[1]) + " of " + sample[0] + " sampled pupils did not decrypt with the restored keys");
            }
            return new RestoreDrillRun(id, started, clock.instant(),
                    problems.isEmpty() ? RestoreDrillRun.Status.PASSED : RestoreDrillRun.Status.FAILED, dataName, keyName,
                    outcome.expectedRows().size() - 1, rows, sample[0], sample[1],
                    problems.isEmpty() ? null : String.join("; ", problems));
        } catch (Restorer.Refused e) {
            return failed(id, started, dataName, keyName, "The restore was refused: " + String.join("; ", e.reasons()));
        } catch (RuntimeException e) {
            return failed(id, started, dataName, keyName, "The restore failed: " + DefaultBackups.describe(e)
                    + (e.getMessage() != null && e instanceof IllegalStateException ? " (" + e.getMessage() + ")" : ""));
        }
    }

    /** {sampled, opened}: pupils of the restored data decrypted with the restored keys. */
    private int[] sample(ScratchDatabases.Scratch target) {
        FieldCipher cipher = restoredKeys.open(target.keys().jdbcUrl(), target.keys().owner().username(),
                target.keys().owner().password());
        List<Object[]> pupils = new ArrayList<>();
        try (Connection connection = Restorer.connect(target.data()); Statement statement = connection.createStatement()) {
            // The scratch database's owner lifts forced row-level security for this read; rolled back.
            statement.execute("alter table pupil no force row level security");
            try (ResultSet result = statement.executeQuery("select school_id, id, forename_ct from pupil "
                    + "where forename_ct is not null order by random() limit " + properties.drillSample())) {
                while (result.next()) {
                    pupils.add(new Object[] {result.getObject(1, UUID.class), result.getObject(2, UUID.class), result.getBytes(3)});
                }
            }
            connection.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the restored pupils (SQLState " + e.getSQLState() + ")", e);
        }
        int opened = 0;
        for (Object[] pupil : pupils) {
            try {
                cipher.decrypt((UUID) pupil[0], (UUID) pupil[1], SAMPLE_FIELD, (byte[]) pupil[2]);
                opened++;
            } catch (RuntimeException e) {
                log.warn("A sampled pupil did not decrypt in the restore drill ({})", e.getClass().getSimpleName());
            }
        }
        return new int[] {pupils.size(), opened};
    }

    private RestoreDrillRun failed(UUID id, Instant started, String data, String keys, String reason) {
        return new RestoreDrillRun(id, started, clock.instant(), RestoreDrillRun.Status.FAILED, data, keys, null, null,
                null, null, reason);
    }

    private void alert(RestoreDrillRun run) {
        Set<String> to = new LinkedHashSet<>(properties.drillAlertTo());
        to.addAll(accounts.platformAdminUsernames());
        int sent = 0;
        for (String address : to) {
            EmailAddress email;
            try {
                email = new EmailAddress(address);
            } catch (IllegalArgumentException notAnAddress) {
                continue;
            }
            mailer.send(email, "Custodian: the restore drill failed", """
                    The weekly restore drill failed: the newest backups could not be restored and checked.

                    Data backup: %s
                    Key backup: %s
                    Reason: %s

                    Until a drill passes, do not count on these backups. See Backups (/platform/backups) and
                    docs/backups.md ("Drill").
                    """.formatted(run.dataBackup(), run.keyBackup(), run.failure()));
            sent++;
        }
        if (sent == 0) {
            log.error("Nobody was told that the restore drill failed: set custodian.backups.drill-alert-to");
        } else {
            log.info("The failed restore drill was emailed to {} operator address(es)", sent);
        }
    }
}
