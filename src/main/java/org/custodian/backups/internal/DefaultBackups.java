package org.custodian.backups.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.custodian.backups.BackupKind;
import org.custodian.backups.BackupReason;
import org.custodian.backups.BackupRun;
import org.custodian.backups.Backups;
import org.custodian.database.BackupDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Runs backups: the data database in one snapshot (every table but the key tables), then the key
 * tables in theirs; each written to the local folder, verified, copied to every extra destination and
 * verified there, then old backups pruned. One instance at a time (an advisory lock held by the data
 * snapshot); a second caller meanwhile gets no run.
 */
@Component
@EnableConfigurationProperties(BackupProperties.class)
class DefaultBackups implements Backups {

    private static final Logger log = LoggerFactory.getLogger(DefaultBackups.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final ObjectProvider<BackupDatabase> database;
    private final KeyTablesSource keyTables;
    private final BackupWriter writer;
    private final JdbcBackupRuns runs;
    private final BackupProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    DefaultBackups(ObjectProvider<BackupDatabase> database, KeyTablesSource keyTables, BackupWriter writer, JdbcBackupRuns runs,
                   BackupProperties properties, JsonMapper json, Clock clock) {
        this.database = database;
        this.keyTables = keyTables;
        this.writer = writer;
        this.runs = runs;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public List<BackupRun> backUp(BackupReason reason) {
        List<UUID> ids = Snapshot.run(BackupRole.of(database).dataSource(), snapshot -> {
            if (!snapshot.tryLock()) {
                log.info("A backup is already running on another instance; this one is skipped");
                return List.of();
            }
            Set<String> keys = Set.copyOf(keyTables.tables());
            List<String> tables = snapshot.tables().stream().filter(table -> !keys.contains(table)).toList();
            UUID data = run(BackupKind.DATA, reason, snapshot, tables);
            UUID key = keyTables.inSnapshot(keySnapshot -> run(BackupKind.KEYS, reason, keySnapshot, keyTables.tables()));
            prune();
            return List.of(data, key);
        });
        return runs.latest(50).stream().filter(run -> ids.contains(run.id())).toList();
    }

    @Override
    public List<BackupRun> history(int limit) {
        return runs.latest(limit);
    }

    private UUID run(BackupKind kind, BackupReason reason, TableCopies snapshot, List<String> tables) {
        UUID id = UUID.randomUUID();
        // As the database stores it (microseconds), so the debounce compares like with like.
        Instant startedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String name = NAME.format(startedAt) + "-" + id.toString().substring(0, 8);
        runs.started(id, kind, reason, name, startedAt);
        Path local = properties.directory().resolve(kind.folder()).resolve(name);
        Manifest manifest;
        try {
            manifest = writer.write(local, id.toString(), name, kind, reason, snapshot, tables);
            String problem = checkHashes(local, manifest);
            if (problem != null) {
                throw new IOException(problem);
            }
        } catch (IOException | SQLException | RuntimeException e) {
            log.error("The {} backup {} failed in {}: {}", kind.folder(), name, local, describe(e));
            runs.finished(id, clock.instant(), BackupRun.Status.FAILED, null,
                    List.of(new BackupRun.Destination(properties.directory().toString(), false, describe(e))), describe(e));
            removeQuietly(local);
            return id;
        }
        List<BackupRun.Destination> destinations = new ArrayList<>();
        destinations.add(new BackupRun.Destination(properties.directory().toString(), true, null));
        for (Path extra : properties.extraDestinations()) {
            destinations.add(copy(local, extra.resolve(kind.folder()).resolve(name), manifest, extra));
        }
        boolean everyCopy = destinations.stream().allMatch(BackupRun.Destination::verified);
        runs.finished(id, clock.instant(), everyCopy ? BackupRun.Status.COMPLETE : BackupRun.Status.PARTIAL, manifest,
                destinations, everyCopy ? null : "A destination failed");
        log.info("The {} backup {} is written: {} tables, {} bytes, {} of {} destinations", kind.folder(), name,
                manifest.tables().size(), manifest.totalBytes(),
                destinations.stream().filter(BackupRun.Destination::verified).count(), destinations.size());
        return id;
    }

    /** Copies a finished backup (files, then the signature, the manifest last) and re-reads every hash there. */
    private BackupRun.Destination copy(Path from, Path to, Manifest manifest, Path destination) {
        try {
            BackupFiles.createDirectory(to);
            for (Manifest.TableFile table : manifest.tables()) {
                copyFile(from.resolve(table.file()), to.resolve(table.file()));
            }
            BackupFiles.syncDirectory(to);
            String problem = checkHashes(to, manifest);
            if (problem != null) {
                throw new IOException(problem);
            }
            BackupFiles.writeAtomically(to.resolve(Manifest.SIGNATURE_FILE), Files.readAllBytes(from.resolve(Manifest.SIGNATURE_FILE)));
            BackupFiles.writeAtomically(to.resolve(Manifest.FILE), Files.readAllBytes(from.resolve(Manifest.FILE)));
            return new BackupRun.Destination(destination.toString(), true, null);
        } catch (IOException | RuntimeException e) {
            // Loud, and only this copy: the local backup and the other destinations stand.
            log.error("Copying backup {} to {} failed: {}", manifest.name(), destination, describe(e));
            removeQuietly(to);
            return new BackupRun.Destination(destination.toString(), false, describe(e));
        }
    }

    private static void copyFile(Path from, Path to) throws IOException {
        try (InputStream in = Files.newInputStream(from); OutputStream out = BackupFiles.create(to)) {
            in.transferTo(out);
        }
    }

    /** Null when every file in {@code directory} has the manifest's SHA-256. */
    private static String checkHashes(Path directory, Manifest manifest) throws IOException {
        for (Manifest.TableFile table : manifest.tables()) {
            if (!BackupFiles.sha256(directory.resolve(table.file())).equals(table.sha256())) {
                return "The file of table " + table.table() + " does not read back as written in " + directory;
            }
        }
        return null;
    }

    /** Prunes every destination; folders without a manifest are leftovers of a killed run (the lock is held). */
    void prune() {
        Instant now = clock.instant();
        List<Path> roots = new ArrayList<>();
        roots.add(properties.directory());
        roots.addAll(properties.extraDestinations());
        for (BackupKind kind : BackupKind.values()) {
            for (Path root : roots) {
                Path folder = root.resolve(kind.folder());
                try {
                    pruneFolder(folder, kind, now);
                } catch (IOException | RuntimeException e) {
                    log.error("Pruning old backups in {} failed: {}", folder, describe(e));
                }
            }
        }
    }

    private void pruneFolder(Path folder, BackupKind kind, Instant now) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<RetentionPlan.Backup> complete = new ArrayList<>();
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.filter(Files::isDirectory).toList()) {
                if (Files.isRegularFile(entry.resolve(Manifest.FILE))) {
                    Manifest manifest = json.readValue(Files.readAllBytes(entry.resolve(Manifest.FILE)), Manifest.class);
                    complete.add(new RetentionPlan.Backup(entry.getFileName().toString(), Instant.parse(manifest.startedAt())));
                } else {
                    leftovers.add(entry);
                }
            }
        }
        Set<String> keep = kind == BackupKind.DATA
                ? RetentionPlan.keepData(complete, now, properties.keepDaily(), properties.keepMonthly())
                : RetentionPlan.keepKeys(complete, now, properties.keyRetention());
        for (RetentionPlan.Backup backup : complete) {
            if (!keep.contains(backup.name())) {
                // The manifest goes first: a deletion cut short leaves a leftover, never a damaged "backup".
                Path directory = folder.resolve(backup.name());
                Files.deleteIfExists(directory.resolve(Manifest.FILE));
                BackupFiles.deleteTree(directory);
                runs.pruned(backup.name(), kind, now);
            }
        }
        for (Path leftover : leftovers) {
            log.warn("Removing {}: a backup that never finished", leftover);
            BackupFiles.deleteTree(leftover);
        }
    }

    private static void removeQuietly(Path directory) {
        try {
            BackupFiles.deleteTree(directory);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not remove the unfinished backup {} ({})", directory, e.getClass().getSimpleName());
        }
    }

    /** Exception class and, for file errors, the message (paths); database errors by SQLState only. */
    static String describe(Throwable e) {
        if (e instanceof SQLException sql) {
            return "SQLException (SQLState " + sql.getSQLState() + ")";
        }
        if (e instanceof IOException || e instanceof java.io.UncheckedIOException) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return e.getClass().getSimpleName();
    }
}
