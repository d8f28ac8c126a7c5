package org.custodian.backups.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.custodian.accesslog.SyntheticAccessLog;
import org.custodian.backups.BackupKind;
import org.custodian.backups.BackupReason;
import org.custodian.backups.BackupRun;
import org.custodian.backups.Backups;
import org.custodian.bench.BenchmarkSupport;
import org.custodian.crypto.KeyStoreSnapshot;
import org.custodian.crypto.MasterKey;
import org.custodian.crypto.SigningKeys;
import org.custodian.database.BackupDatabase;
import org.custodian.database.KeysDatabase;
import org.custodian.database.ScratchDatabases;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.misimport.SyntheticSchoolData;
import org.custodian.pupils.CategorySettings;
import org.custodian.pupils.OptionalCategory;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.School;
import org.custodian.schools.Schools;
import org.custodian.support.Browser;
import org.custodian.support.DatabaseOwner;
import org.custodian.tenancy.Tenancy;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backup and restore benchmark (bench/backup-restore.sh). Loads a school of {@code --pupils}
 * pupils through the real MIS import (encrypted, blind-indexed, a data key each, categories on) and
 * {@code --entries} access-log entries in bulk (as the access-log benchmarks do), which the real
 * sequencer then integrates into the school's tree; then, in the same run:
 * <ul>
 * <li>the real {@link Backups#backUp} (data backup and key backup: binary COPY, encryption, fsync,
 * hashes, signed manifest, read-back) against a plain binary {@code COPY … TO} of the same tables,
 * as the same roles and in the same kind of snapshot, into plain files;</li>
 * <li>the real {@link Restorer} into a fresh pair of databases against a plain binary
 * {@code COPY … FROM} of those files into empty tables of the same definition (columns, defaults,
 * indexes, checks: {@code like … including all}, so without foreign keys, triggers or row-level
 * security), one transaction per database;</li>
 * <li>the p99 of pupil reads ({@code GET /api/v1/pupils/{id}}, signed-in teachers) while the backup
 * runs against the p99 of the same reads without it.</li>
 * </ul>
 * Every timed pass of the backup and its baseline runs while the same readers read, so they share the
 * machine alike; baselines run before and after their real counterpart and the ratio uses their mean.
 * Prints figures and ratios; asserts nothing on time (exit status 1 only if the run itself broke).
 */
public final class BackupRestoreBenchmark {

    static final double TARGET_BACKUP = 0.5, TARGET_RESTORE = 0.3, TARGET_P99 = 1.5;
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final String IMPORTS = "/api/v1/imports";
    private static final Set<OptionalCategory> SWITCHED_ON = EnumSet.of(OptionalCategory.ETHNICITY,
            OptionalCategory.FIRST_LANGUAGE, OptionalCategory.FSM_ELIGIBLE, OptionalCategory.FSM6,
            OptionalCategory.SEN_STATUS, OptionalCategory.PREFERRED_NAME);
    /** Where the plain-COPY baseline puts its tables, in the source databases. */
    private static final String BASELINE_SCHEMA = "bench_restore";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkSupport.options(args);
        int pupils = Integer.parseInt(options.getOrDefault("pupils", "100000").replace("_", ""));
        int entries = Integer.parseInt(options.getOrDefault("entries", "1000000").replace("_", ""));
        int readers = Integer.parseInt(options.getOrDefault("readers", "2"));
        boolean warmup = Boolean.parseBoolean(options.getOrDefault("warmup", "true"));
        Path dataDir = BenchmarkSupport.freshDataDir();
        int status;
        // Production migrations only: the benchmark profile's plaintext tables are not in the schema a
        // restore migrates to, so a backup holding them could not be restored.
        try (ConfigurableApplicationContext context = BenchmarkSupport.start(dataDir,
                "--spring.flyway.locations=classpath:db/migration", "--custodian.backups.schedule=-",
                "--custodian.backups.drill-schedule=-")) {
            status = new BackupRestoreBenchmark(context, dataDir).run(pupils, entries, readers, warmup);
        }
        BenchmarkSupport.delete(dataDir);
        System.exit(status);
    }

    private final ConfigurableApplicationContext context;
    private final Path dataDir;
    private final int port;
    private final Tenancy tenancy;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final BenchmarkSupport.CpuMeter cpu;
    private final List<String> stages = new ArrayList<>();

    BackupRestoreBenchmark(ConfigurableApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.tenancy = context.getBean(Tenancy.class);
        this.jdbc = context.getBean(JdbcClient.class);
        this.json = context.getBean(JsonMapper.class);
        this.cpu = new BenchmarkSupport.CpuMeter(jdbc);
    }

    int run(int pupils, int entries, int readerCount, boolean warmup) throws Exception {
        System.out.println(BenchmarkSupport.machine());
        long setupStart = System.nanoTime();
        School school = school();
        importPupils(school, pupils);
        long loadMs;
        // As the sequencer benchmark does: the school's sequencer lock held through the bulk insert and
        // the statistics of the waiting entries gathered (what autovacuum does soon after), or the
        // scheduled sequencer starts on the backlog with a plan made for an empty pending table.
        try (Connection lock = DatabaseOwner.of(context).connect(); Statement statement = lock.createStatement()) {
            statement.execute("select pg_advisory_lock(hashtextextended('access_log_sequencer:' || '" + school.id() + "', 0))");
            loadMs = SyntheticAccessLog.load(DatabaseOwner.of(context).dataSource(), school.id(), entries, 1_500, 150,
                    Instant.parse("2025-09-01T07:00:00Z"), 30);
            statement.execute("vacuum analyze access_log_pending");
            statement.execute("select pg_advisory_unlock(hashtextextended('access_log_sequencer:' || '" + school.id() + "', 0))");
        }
        System.out.printf(Locale.ROOT, "access log: %,d entries inserted in %.1f s, pending entries analysed; waiting for the sequencer to integrate them%n",
                entries, loadMs / 1e3);
        long integrateStart = System.nanoTime();
        waitForSequencer();
        System.out.printf(Locale.ROOT, "access log: integrated into the school's tree by the scheduled sequencer in %.1f s%n",
                seconds(integrateStart));
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < readerCount; i++) {
            cookies.add(BenchmarkSupport.signIn(port, BenchmarkSupport.account(context, school.id(), Role.TEACHER)).cookieHeader());
        }
        List<UUID> toRead = tenancy.inSchool(school.id(), () -> jdbc.sql(
                "select id from pupil where school_id = ? order by id limit 2000").param(school.id()).query(UUID.class).list());
        BenchmarkSupport.analyze(context);
        System.out.printf(Locale.ROOT, "setup: %,d pupils imported, %,d access-log entries, %d readers signed in, vacuum analyze (%.1f s)%n",
                pupils, entries, readerCount, seconds(setupStart));
        printSizes();
        Readers readers = new Readers(cookies, toRead);

        Path baselineDir = dataDir.resolve("bench-copy");
        if (warmup) {
            long start = System.nanoTime();
            readers.read(3_000);
            copyTo(baselineDir);
            Backups backups = context.getBean(Backups.class);
            List<BackupRun> warm = check(backups.backUp(BackupReason.MANUAL));
            restore(folder(warm.get(0)), folder(warm.get(1)), new Restorer.Outcome[1]);
            copyFrom(baselineDir);
            System.out.printf(Locale.ROOT, "warm-up (untimed): 3,000 reads, a COPY TO, a backup, a restore, a COPY FROM: %.1f s%n",
                    seconds(start));
        }

        // Backup against COPY TO, each while the readers read.
        Timed quietBefore = readers.during(() -> sleep(Duration.ofSeconds(20)));
        Timed copyTo1 = readers.during(() -> copyTo(baselineDir));
        List<BackupRun> taken = new ArrayList<>();
        Timed backup = readers.during(() -> taken.addAll(context.getBean(Backups.class).backUp(BackupReason.MANUAL)));
        List<BackupRun> runs = check(taken);
        Timed copyTo2 = readers.during(() -> copyTo(baselineDir));
        Timed quietAfter = readers.during(() -> sleep(Duration.ofSeconds(20)));
        Copied copied = copyTo(baselineDir); // untimed: rows and bytes of the plain copy, for the figures
        long backupBytes = runs.stream().mapToLong(r -> r.bytes() == null ? 0 : r.bytes()).sum();
        long backupRows = runs.stream().mapToLong(r -> r.rows() == null ? 0 : r.rows()).sum();

        // Restore against COPY FROM; nothing else runs.
        Timed copyFrom1 = copyFrom(baselineDir);
        Restorer.Outcome[] outcome = new Restorer.Outcome[1];
        Timed restore = restore(folder(runs.get(0)), folder(runs.get(1)), outcome);
        Timed copyFrom2 = copyFrom(baselineDir);
        long restoredRows = outcome[0].dataRows().values().stream().mapToLong(Long::longValue).sum()
                + outcome[0].keyRows().values().stream().mapToLong(Long::longValue).sum();
        long expectedRows = outcome[0].expectedRows().entrySet().stream()
                .filter(e -> !e.getKey().equals("flyway_schema_history")).mapToLong(Map.Entry::getValue).sum();

        profile(folder(runs.get(0)), folder(runs.get(1)), baselineDir);

        double copyToSeconds = (copyTo1.seconds() + copyTo2.seconds()) / 2;
        double copyFromSeconds = (copyFrom1.seconds() + copyFrom2.seconds()) / 2;
        long[] quiet = concat(quietBefore.latencies(), quietAfter.latencies());
        double backupRatio = copyToSeconds / backup.seconds();
        double restoreRatio = copyFromSeconds / restore.seconds();
        double p99Ratio = p(backup.latencies(), 0.99) / p(quiet, 0.99);

        System.out.println();
        System.out.printf(Locale.ROOT, "data: %,d rows in %d tables (data and key databases), %.1f MB as binary COPY; the backup"
                + " wrote %,d rows, %.1f MB encrypted%n", copied.rows(), copied.tables(), copied.bytes() / 1e6, backupRows,
                backupBytes / 1e6);
        System.out.println();
        System.out.println("| pass | time (s) | rows/s | MB/s (binary COPY size) | JVM CPU (s) | PostgreSQL CPU (s) | reads | read p50 (ms) | read p99 (ms) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        System.out.println(quietBefore.row("no backup (20 s, before)", 0, 0));
        System.out.println(copyTo1.row("baseline: plain COPY TO files (1)", copied.rows(), copied.bytes()));
        System.out.println(backup.row("backup: Backups.backUp (data + keys)", copied.rows(), copied.bytes()));
        System.out.println(copyTo2.row("baseline: plain COPY TO files (2)", copied.rows(), copied.bytes()));
        System.out.println(quietAfter.row("no backup (20 s, after)", 0, 0));
        System.out.println(copyFrom1.row("baseline: plain COPY FROM into empty tables (1)", copied.rows(), copied.bytes()));
        System.out.println(restore.row("restore: Restorer into fresh databases", copied.rows(), copied.bytes()));
        System.out.println(copyFrom2.row("baseline: plain COPY FROM into empty tables (2)", copied.rows(), copied.bytes()));
        System.out.println();
        System.out.println("Where the time goes (each stage timed on its own after the run, same files):");
        stages.forEach(System.out::println);
        System.out.println();
        System.out.printf(Locale.ROOT, "restore loaded %,d rows (ledger: %d erased, %d purged, %d keys destroyed again); notes: %s%n",
                restoredRows, outcome[0].erasedSubjects(), outcome[0].purgedSchools(), outcome[0].keysDestroyed(),
                outcome[0].notes());
        System.out.printf(Locale.ROOT, "RESULT backup/COPY TO throughput %.2fx (%.1f s vs %.1f s mean of two; target >= %.1fx: %s);"
                        + " restore/COPY FROM %.2fx (%.1f s vs %.1f s; target >= %.1fx: %s);"
                        + " read p99 during backup/without %.2fx (%.1f ms vs %.1f ms; target <= %.1fx: %s); %d readers; load %s%n",
                backupRatio, backup.seconds(), copyToSeconds, TARGET_BACKUP, verdict(backupRatio >= TARGET_BACKUP),
                restoreRatio, restore.seconds(), copyFromSeconds, TARGET_RESTORE, verdict(restoreRatio >= TARGET_RESTORE),
                p99Ratio, p(backup.latencies(), 0.99), p(quiet, 0.99), TARGET_P99, verdict(p99Ratio <= TARGET_P99),
                readerCount, BenchmarkSupport.loadAverage());
        return restoredRows == expectedRows ? 0 : 1;
    }

    // ------------------------------------------------------------------ set-up

    private School school() {
        School school = context.getBean(Schools.class).register(BenchmarkSupport.registration(), null).school();
        CustodianUser admin = BenchmarkSupport.account(context, school.id(), Role.SCHOOL_ADMIN);
        var agreements = context.getBean(InformationSharingAgreements.class);
        agreements.accept(school.id(), agreements.current().orElseThrow().contentHash(), "Benchmark Signer", "Headteacher",
                "127.0.0.1", admin);
        SWITCHED_ON.forEach(category -> context.getBean(CategorySettings.class).set(admin, category, true));
        return school;
    }

    /** The pupils through the real import: a synthetic CTF uploaded, previewed and committed by a signed-in data manager. */
    private void importPupils(School school, int pupils) throws Exception {
        long start = System.nanoTime();
        Browser browser = BenchmarkSupport.signIn(port, BenchmarkSupport.account(context, school.id(), Role.DATA_MANAGER));
        Path file = Files.createTempFile(dataDir, "pupils-", ".xml");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            new SyntheticSchoolData(new SyntheticSchoolData.Settings(school.urn(), school.laCode(),
                    school.establishmentNumber(), pupils, 1, LocalDate.now(UK))).writeCtf(out, true);
        }
        HttpResponse<String> uploaded = browser.upload(IMPORTS, "pupils.xml", file, Map.of());
        if (uploaded.statusCode() != 202) {
            throw new IllegalStateException("Upload answered " + uploaded.statusCode() + ": " + uploaded.body());
        }
        String id = json.readTree(uploaded.body()).get("id").asString();
        JsonNode preview = waitForJob(browser, id);
        if (!preview.get("state").asString().equals("PREVIEWED")) {
            throw new IllegalStateException("The import was not previewed: " + preview.get("state").asString());
        }
        if (browser.api("POST", IMPORTS + "/" + id + "/commit", null).statusCode() != 202) {
            throw new IllegalStateException("The import's commit was refused");
        }
        JsonNode committed = waitForJob(browser, id);
        long stored = tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from pupil where school_id = ?")
                .param(school.id()).query(Long.class).single());
        if (!committed.get("state").asString().equals("COMMITTED") || stored != pupils) {
            throw new IllegalStateException("The import stored " + stored + " pupils of " + pupils);
        }
        Files.delete(file);
        System.out.printf(Locale.ROOT, "pupils: %,d imported through the MIS import (categories on) in %.1f s%n", pupils,
                seconds(start));
    }

    private JsonNode waitForJob(Browser browser, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (true) {
            JsonNode job = json.readTree(browser.get(IMPORTS + "/" + id).body());
            String state = job.get("state").asString();
            if (!state.equals("PREVIEWING") && !state.equals("COMMITTING")) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Import still " + state);
            }
            Thread.sleep(100);
        }
    }

    private void waitForSequencer() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (tenancy.asPlatform(() -> jdbc.sql("select exists (select 1 from access_log_pending)").query(Boolean.class).single())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The sequencer did not integrate the entries in 30 minutes");
            }
            Thread.sleep(1_000);
        }
    }

    private void printSizes() {
        try (Connection connection = DatabaseOwner.of(context).connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     select c.relname, c.reltuples::bigint, pg_size_pretty(pg_table_size(c.oid)),
                            pg_size_pretty(pg_indexes_size(c.oid))
                       from pg_class c join pg_namespace n on n.oid = c.relnamespace
                      where n.nspname = 'public' and c.relkind = 'r' order by pg_total_relation_size(c.oid) desc limit 10""")) {
            List<String> rows = new ArrayList<>();
            while (result.next()) {
                rows.add(String.format(Locale.ROOT, "%s %,d rows (%s + %s indexes)", result.getString(1), result.getLong(2),
                        result.getString(3), result.getString(4)));
            }
            System.out.println("largest tables: " + String.join("; ", rows));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ backup and its baseline

    /** The data run first, then the key run; both must be complete. */
    private static List<BackupRun> check(List<BackupRun> runs) {
        if (runs.size() != 2 || runs.stream().anyMatch(run -> run.status() != BackupRun.Status.COMPLETE)) {
            throw new IllegalStateException("The backup did not complete: " + runs);
        }
        return runs.stream().sorted(java.util.Comparator.comparing(run -> run.kind() == BackupKind.DATA ? 0 : 1)).toList();
    }

    private Path folder(BackupRun run) {
        return context.getBean(BackupProperties.class).directory().resolve(run.kind().folder()).resolve(run.name());
    }

    record Copied(long rows, int tables, long bytes) {
    }

    /**
     * The plain baseline: every table the backups hold, in one REPEATABLE READ read-only transaction
     * per database as the same roles (the backup role for data, the key store's snapshot for keys),
     * binary COPY into plain files: no encryption, no fsync, no hashing, no manifest.
     */
    private Copied copyTo(Path directory) {
        try {
            if (Files.exists(directory)) {
                BenchmarkSupport.delete(directory);
            }
            Files.createDirectories(directory.resolve("data"));
            Files.createDirectories(directory.resolve("keys"));
            long rows = 0;
            int tables = 0;
            Set<String> keyTables = Set.copyOf(context.getBean(KeyStoreSnapshot.class).tables());
            try (Connection connection = context.getBean(BackupDatabase.class).dataSource().getConnection()) {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("set transaction isolation level repeatable read, read only");
                }
                var copy = connection.unwrap(PGConnection.class).getCopyAPI();
                for (String table : tables(connection)) {
                    if (keyTables.contains(table)) {
                        continue;
                    }
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(directory.resolve("data").resolve(table)), 1 << 16)) {
                        rows += copy.copyOut("copy public." + quote(table) + " to stdout (format binary)", out);
                    }
                    tables++;
                }
                connection.rollback();
            }
            long[] keyRows = {0};
            context.getBean(KeyStoreSnapshot.class).inSnapshot(snapshot -> {
                for (String table : keyTables) {
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(directory.resolve("keys").resolve(table)), 1 << 16)) {
                        keyRows[0] += snapshot.copy(table, out);
                    }
                }
                return null;
            });
            long bytes;
            try (var files = Files.walk(directory)) {
                bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            }
            return new Copied(rows + keyRows[0], tables + keyTables.size(), bytes);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ restore and its baseline

    /**
     * The real restore into a fresh, empty pair of databases (made and dropped untimed, as the baseline's
     * empty tables are); only {@link Restorer#restore} is timed: verification, migration, load, ledger.
     */
    private Timed restore(Path data, Path keys, Restorer.Outcome[] outcome) {
        SigningKeys signingKeys = context.getBean(SigningKeys.class);
        Predicate<byte[]> trusted = key -> signingKeys.publicKeys().stream().anyMatch(ours -> Arrays.equals(ours.publicKey(), key));
        try (ScratchDatabases.Scratch target = context.getBean(ScratchDatabases.class).create()) {
            return timed(() -> outcome[0] = context.getBean(Restorer.class).restore(new Restorer.Request(data, keys, List.of(),
                    trusted, target.data(), target.keys())), null);
        }
    }

    /**
     * The plain baseline: empty tables made like the live ones ({@code like … including all}) in a
     * schema of their own, untimed; then timed, one transaction per database as its owner, binary COPY
     * FROM each plain file. Returns once both have committed; the schemas are dropped afterwards, untimed.
     */
    private Timed copyFrom(Path directory) {
        KeysDatabase keys = context.getBean(KeysDatabase.class);
        DataSource dataOwner = DatabaseOwner.of(context).dataSource();
        try (Connection data = dataOwner.getConnection();
             Connection key = java.sql.DriverManager.getConnection(keys.jdbcUrl(), keys.owner().username(), keys.owner().password())) {
            prepareEmpty(data, directory.resolve("data"));
            prepareEmpty(key, directory.resolve("keys"));
            Timed timed = timed(() -> {
                load(key, directory.resolve("keys"));
                load(data, directory.resolve("data"));
            }, null);
            drop(data);
            drop(key);
            return timed;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void prepareEmpty(Connection connection, Path files) throws SQLException, IOException {
        drop(connection);
        try (Statement statement = connection.createStatement(); var list = Files.list(files)) {
            statement.execute("create schema " + BASELINE_SCHEMA);
            for (Path file : list.toList()) {
                String table = file.getFileName().toString();
                statement.execute("create table " + BASELINE_SCHEMA + "." + quote(table) + " (like public." + quote(table)
                        + " including all)");
            }
        }
    }

    private static void load(Connection connection, Path files) throws SQLException, IOException {
        connection.setAutoCommit(false);
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try (var list = Files.list(files)) {
            for (Path file : list.sorted().toList()) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                    copy.copyIn("copy " + BASELINE_SCHEMA + "." + quote(file.getFileName().toString()) + " from stdin (format binary)", in);
                }
            }
        }
        connection.commit();
        connection.setAutoCommit(true);
    }

    private static void drop(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + BASELINE_SCHEMA + " cascade");
        }
    }

    // ------------------------------------------------------------------ where the time goes

    /** Each stage of backup and restore timed on its own, on the files the measured run wrote. */
    private void profile(Path dataBackup, Path keyBackup, Path plain) throws Exception {
        stage("plain COPY TO again, for reference", () -> copyTo(plain));
        stage("SHA-256 of every file of both backups (a backup hashes each file after writing it and again before"
                + " it reports success; a restore's verification once more)", () -> {
            for (Path folder : List.of(dataBackup, keyBackup)) {
                try (var files = Files.list(folder)) {
                    for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".enc")).toList()) {
                        BackupFiles.sha256(file);
                    }
                }
            }
        });
        MasterKey masterKey = context.getBean(MasterKey.class);
        stage("encrypting the plain COPY files with the backup's streaming AEAD, to nowhere (in memory)", () -> {
            var aead = BackupCrypto.newKeyset(masterKey, UUID.randomUUID().toString()).aead();
            try (var files = Files.walk(plain)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    try (InputStream in = Files.newInputStream(file);
                         OutputStream out = aead.newEncryptingStream(OutputStream.nullOutputStream(), new byte[] {1})) {
                        in.transferTo(out);
                    }
                }
            }
        });
        stage("writing the plain COPY files again and fsyncing each (as a backup writes its files)", () -> {
            Path copy = dataDir.resolve("bench-fsync");
            Files.createDirectories(copy);
            try (var files = Files.walk(plain)) {
                int i = 0;
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    try (InputStream in = Files.newInputStream(file); OutputStream out = BackupFiles.create(copy.resolve("f" + i++))) {
                        in.transferTo(out);
                    }
                }
            }
            BenchmarkSupport.delete(copy);
        });
        SignedBackupVerifier verifier = context.getBean(SignedBackupVerifier.class);
        stage("verifying the data backup and the key backup (a restore does this before writing: hashes, decrypt, count rows)", () -> {
            for (Path folder : List.of(dataBackup, keyBackup)) {
                var result = verifier.verify(folder);
                if (!result.ok()) {
                    throw new IllegalStateException("verify: " + result.problems());
                }
            }
        });
        stage("migrating a fresh pair of databases to the backups' schema versions (a restore's first write)", () -> {
            Manifest data = verifier.manifest(dataBackup);
            Manifest keys = verifier.manifest(keyBackup);
            try (ScratchDatabases.Scratch target = context.getBean(ScratchDatabases.class).create()) {
                migrate(target.keys(), "db/keys", keys.flywayVersion());
                migrate(target.data(), "db/migration", data.flywayVersion());
            }
        });
        stage("decrypting both backups' files to nowhere (a restore's load decrypts each once more)", () -> {
            for (Path folder : List.of(dataBackup, keyBackup)) {
                Manifest manifest = verifier.manifest(folder);
                for (Manifest.TableFile file : manifest.tables()) {
                    try (InputStream in = verifier.open(folder, manifest, file)) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
            }
        });
        Timed[] copy = new Timed[1];
        stage("plain COPY FROM again, for reference (with making and dropping the empty tables)", () -> copy[0] = copyFrom(plain));
        stages.add(String.format(Locale.ROOT, "  of which the COPY FROM transactions: %.2f s", copy[0].seconds()));
    }

    private static void migrate(ScratchDatabases.Target target, String location, String version) {
        Map<String, String> placeholders = new LinkedHashMap<>();
        placeholders.put("app_role", target.appRole());
        if (target.backupRole() != null) {
            placeholders.put("backup_role", target.backupRole());
        }
        Flyway.configure().dataSource(target.jdbcUrl(), target.owner().username(), target.owner().password())
                .locations("classpath:" + location).placeholders(placeholders).target(version).load().migrate();
    }

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    private void stage(String what, Work work) throws Exception {
        long jvm = cpu.jvmNanos();
        long postgres = cpu.postgresNanos();
        long start = System.nanoTime();
        work.run();
        stages.add(String.format(Locale.ROOT, "- %s: %.2f s (JVM CPU %.1f s, PostgreSQL CPU %.1f s)", what, seconds(start),
                (cpu.jvmNanos() - jvm) / 1e9, (cpu.postgresNanos() - postgres) / 1e9));
    }

    // ------------------------------------------------------------------ readers

    /** Runs {@code work}, timed with the CPU it and everything else on the machine's JVM and PostgreSQL used. */
    private Timed timed(Work work, java.util.function.Supplier<long[]> stop) {
        try {
            long jvm = cpu.jvmNanos();
            long postgres = cpu.postgresNanos();
            long start = System.nanoTime();
            work.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            double jvmCpu = (cpu.jvmNanos() - jvm) / 1e9;
            double postgresCpu = (cpu.postgresNanos() - postgres) / 1e9;
            return new Timed(seconds, stop == null ? new long[0] : stop.get(), jvmCpu, postgresCpu);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Timed(double seconds, long[] latencies, double jvmCpu, double postgresCpu) {

        String row(String pass, long rows, long bytes) {
            return String.format(Locale.ROOT, "| %s | %.2f | %s | %s | %.1f | %.1f | %d | %s | %s |", pass, seconds,
                    rows == 0 ? "" : String.format(Locale.ROOT, "%,.0f", rows / seconds),
                    bytes == 0 ? "" : String.format(Locale.ROOT, "%.1f", bytes / 1e6 / seconds), jvmCpu, postgresCpu,
                    latencies.length, latencies.length == 0 ? "" : String.format(Locale.ROOT, "%.1f", p(latencies, 0.5)),
                    latencies.length == 0 ? "" : String.format(Locale.ROOT, "%.1f", p(latencies, 0.99)));
        }
    }

    /** Clients reading pupils one after another, each as its own signed-in teacher. */
    final class Readers {
        private final List<String> cookies;
        private final List<UUID> pupils;

        Readers(List<String> cookies, List<UUID> pupils) {
            this.cookies = cookies;
            this.pupils = pupils;
        }

        void read(int count) throws Exception {
            for (int i = 0; i < count; i++) {
                readOne(cookies.get(i % cookies.size()), pupils.get(i % pupils.size()));
            }
        }

        Timed during(Work work) throws InterruptedException {
            AtomicBoolean working = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            List<long[]> results = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < cookies.size(); t++) {
                String cookie = cookies.get(t);
                int offset = t * 997;
                Thread thread = new Thread(() -> {
                    List<Long> latencies = new ArrayList<>();
                    try {
                        for (int i = offset; working.get(); i++) {
                            long start = System.nanoTime();
                            readOne(cookie, pupils.get(i % pupils.size()));
                            latencies.add(System.nanoTime() - start);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    results.add(latencies.stream().mapToLong(Long::longValue).toArray());
                });
                thread.start();
                threads.add(thread);
            }
            return timed(work, () -> {
                working.set(false);
                for (Thread thread : threads) {
                    try {
                        thread.join();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return results.stream().reduce(new long[0], BackupRestoreBenchmark::concat);
            });
        }

        private void readOne(String cookie, UUID pupil) throws IOException {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/api/v1/pupils/" + pupil)
                    .toURL().openConnection();
            connection.setRequestProperty("Accept", "application/json");
            connection.setRequestProperty("Cookie", cookie);
            connection.setRequestProperty("Custodian-Purpose", "TEACHING_AND_LEARNING");
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            if (status != 200) {
                throw new IllegalStateException("A read answered " + status);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'public' and c.relkind = 'r' order by c.relname""")) {
            while (result.next()) {
                tables.add(result.getString(1));
            }
        }
        return tables;
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    private static long[] concat(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String verdict(boolean met) {
        return met ? "met" : "missed";
    }

    static double p(long[] latencies, double quantile) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
