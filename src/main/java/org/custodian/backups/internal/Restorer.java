package org.custodian.backups.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.custodian.backups.BackupKind;
import org.custodian.database.ScratchDatabases.Target;
import org.custodian.retention.RetentionCategory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.PGConnection;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Restores a data backup and a key backup into empty databases. Everything is checked before the
 * first write: both backups verified (signature, hashes, every file decrypted and counted), neither
 * from a newer schema than this build's, both targets empty. Then each database is migrated to its
 * backup's version and loaded in one transaction as its owner; the newest erasure ledger and purge
 * list among the key backups found are applied to the keys (destroyed) and to the data (erased pupils
 * deleted, purged schools purged) before either transaction commits.
 */
@org.springframework.stereotype.Component
public final class Restorer {

    private static final String HISTORY = "flyway_schema_history";

    private final SignedBackupVerifier verifier;

    Restorer(SignedBackupVerifier verifier) {
        this.verifier = verifier;
    }

    /**
     * @param dataBackup    a data backup's folder
     * @param keyBackup     the key backup to load (null: refused)
     * @param ledgerSources further key backups, or folders of them, whose erasure ledgers and purge lists
     *                      are applied too; the key backup's own folder is always searched
     * @param trusted       which manifest signing keys are this installation's
     */
    public record Request(Path dataBackup, Path keyBackup, List<Path> ledgerSources, Predicate<byte[]> trusted,
                          Target data, Target keys) {
    }

    /** What was loaded; {@code notes} lists what was skipped (no personal data: ids are not included). */
    @org.custodian.privacy.NoPersonalData("table names and counts")
    public record Outcome(String dataBackup, String keyBackup, String ledgerFrom, Map<String, Long> dataRows,
                          Map<String, Long> keyRows, Map<String, Long> expectedRows, int keysDestroyed,
                          int erasedSubjects, int purgedSchools, List<String> notes) {
    }

    /** The restore was refused before anything was written. */
    public static final class Refused extends RuntimeException {
        private final List<String> reasons;

        Refused(List<String> reasons) {
            super("The restore was refused and nothing was written: " + String.join("; ", reasons));
            this.reasons = List.copyOf(reasons);
        }

        public List<String> reasons() {
            return reasons;
        }
    }

    SignedBackupVerifier verifier() {
        return verifier;
    }

    record Found(Path directory, Manifest manifest) {
    }

    public Outcome restore(Request request) {
        List<String> problems = new ArrayList<>();
        Found data = check(request.dataBackup(), BackupKind.DATA, request.trusted(), "Data backup", problems);
        Found keys;
        if (request.keyBackup() == null || !Files.isDirectory(request.keyBackup())) {
            problems.add("No key backup: without one no pupil's data would open, so nothing is restored "
                    + "(give the key backup taken with or after the data backup)");
            keys = null;
        } else {
            keys = check(request.keyBackup(), BackupKind.KEYS, request.trusted(), "Key backup", problems);
        }
        if (data != null) {
            newerThanBuild(data.manifest().flywayVersion(), "db/migration", "Data backup", problems);
        }
        if (keys != null) {
            newerThanBuild(keys.manifest().flywayVersion(), "db/keys", "Key backup", problems);
        }
        List<Found> ledgers = keys == null ? List.of() : ledgers(keys, request);
        requireEmpty(request.data(), "The data target", problems);
        requireEmpty(request.keys(), "The key target", problems);
        if (!problems.isEmpty() || data == null || keys == null) {
            throw new Refused(problems);
        }

        migrate(request.keys(), "db/keys", keys.manifest().flywayVersion());
        migrate(request.data(), "db/migration", data.manifest().flywayVersion());
        Map<String, Long> expected = new LinkedHashMap<>();
        data.manifest().tables().forEach(t -> expected.put(t.table(), t.rows()));
        keys.manifest().tables().forEach(t -> expected.put(t.table(), t.rows()));
        List<String> notes = new ArrayList<>();
        Found newest = ledgers.get(ledgers.size() - 1);

        Map<String, Long> keyRows = new LinkedHashMap<>();
        Ledger ledger;
        try (Connection connection = connect(request.keys())) {
            Lifted lifted = lift(connection);
            load(connection, keys, keyRows);
            ledger = applyLedger(connection, ledgers, keys.manifest().flywayVersion(), notes);
            lifted.restore(connection);
            connection.commit();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Loading the key database failed (" + DefaultBackups.describe(e)
                    + "); drop both targets and try again", e);
        }
        Map<String, Long> dataRows = new LinkedHashMap<>();
        try (Connection connection = connect(request.data())) {
            Lifted lifted = lift(connection);
            load(connection, data, dataRows);
            applyToData(connection, ledger, notes);
            lifted.restore(connection);
            connection.commit();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Loading the data database failed (" + DefaultBackups.describe(e)
                    + "); drop both targets and try again", e);
        }
        return new Outcome(data.manifest().name(), keys.manifest().name(), newest.manifest().name(), dataRows, keyRows,
                expected, ledger.keysDestroyed(), ledger.erased().size(), ledger.purged().size(), List.copyOf(notes));
    }

    private Found check(Path directory, BackupKind kind, Predicate<byte[]> trusted, String what, List<String> problems) {
        var result = verifier.verify(directory, trusted);
        if (!result.ok()) {
            result.problems().forEach(problem -> problems.add(what + " " + directory.getFileName() + ": " + problem));
            return null;
        }
        try {
            Manifest manifest = verifier.manifest(directory);
            if (!kind.name().equals(manifest.kind())) {
                problems.add(what + " " + directory.getFileName() + " is a " + manifest.kind().toLowerCase(java.util.Locale.ROOT)
                        + " backup, not a " + kind.folder() + " backup");
                return null;
            }
            return new Found(directory, manifest);
        } catch (IOException e) {
            problems.add(what + " " + directory.getFileName() + ": its manifest could not be read");
            return null;
        }
    }

    /** The key backup itself and every verified key backup in the folders given; oldest first. */
    private List<Found> ledgers(Found keys, Request request) {
        Set<Path> candidates = new LinkedHashSet<>();
        List<Path> sources = new ArrayList<>(request.ledgerSources() == null ? List.of() : request.ledgerSources());
        if (keys.directory().toAbsolutePath().getParent() != null) {
            sources.add(keys.directory().toAbsolutePath().getParent());
        }
        for (Path source : sources) {
            if (Files.isRegularFile(source.resolve(Manifest.FILE))) {
                candidates.add(source.toAbsolutePath().normalize());
            } else if (Files.isDirectory(source)) {
                try (Stream<Path> entries = Files.list(source)) {
                    entries.filter(entry -> Files.isRegularFile(entry.resolve(Manifest.FILE)))
                            .forEach(entry -> candidates.add(entry.toAbsolutePath().normalize()));
                } catch (IOException e) {
                    // An unreadable extra folder adds nothing; the key backup's own ledger stays.
                }
            }
        }
        candidates.remove(keys.directory().toAbsolutePath().normalize());
        List<Found> found = new ArrayList<>();
        found.add(keys);
        for (Path candidate : candidates) {
            List<String> ignored = new ArrayList<>();
            Found ledger = check(candidate, BackupKind.KEYS, request.trusted(), "Key backup", ignored);
            if (ledger != null) {
                found.add(ledger);
            }
        }
        found.sort(Comparator.comparing(f -> f.manifest().startedAt()));
        return found;
    }

    private static void newerThanBuild(String version, String location, String what, List<String> problems) {
        if (version == null) {
            problems.add(what + ": its manifest names no schema version");
            return;
        }
        MigrationVersion newest = newestMigration(location);
        if (MigrationVersion.fromVersion(version).compareTo(newest) > 0) {
            problems.add(what + " is from schema version " + version + ", newer than this build's " + newest
                    + ": restore it with a newer Custodian");
        }
    }

    static MigrationVersion newestMigration(String location) {
        try {
            MigrationVersion newest = MigrationVersion.EMPTY;
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:" + location + "/V*__*.sql")) {
                String name = resource.getFilename();
                MigrationVersion version = MigrationVersion.fromVersion(name.substring(1, name.indexOf("__")));
                if (version.compareTo(newest) > 0) {
                    newest = version;
                }
            }
            return newest;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void requireEmpty(Target target, String what, List<String> problems) {
        try (Connection connection = connect(target);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                      where n.nspname = 'public' and c.relkind in ('r', 'p')""")) {
            result.next();
            if (result.getLong(1) > 0) {
                problems.add(what + " is not empty: a restore goes into a fresh database only");
            }
        } catch (SQLException e) {
            problems.add(what + " could not be reached (SQLState " + e.getSQLState() + ")");
        }
    }

    private static void migrate(Target target, String location, String version) {
        Map<String, String> placeholders = new HashMap<>();
        placeholders.put("app_role", target.appRole());
        if (target.backupRole() != null) {
            placeholders.put("backup_role", target.backupRole());
        }
        Flyway.configure()
                .dataSource(target.jdbcUrl(), target.owner().username(), target.owner().password())
                .locations("classpath:" + location)
                .placeholders(placeholders)
                .target(version)
                .load()
                .migrate();
    }

    static Connection connect(Target target) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", target.owner().username());
        properties.setProperty("password", target.owner().password());
        properties.setProperty("logServerErrorDetail", "false");
        Connection connection = DriverManager.getConnection(target.jdbcUrl(), properties);
        connection.setAutoCommit(false);
        return connection;
    }

    /** The tables' forced row-level security and user triggers, lifted for this transaction's load. */
    private record Lifted(List<String> tables, Set<String> forced) {
        void restore(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                for (String table : tables) {
                    statement.execute("alter table " + quote(table) + " enable trigger user");
                    if (forced.contains(table)) {
                        statement.execute("alter table " + quote(table) + " force row level security");
                    }
                }
            }
        }
    }

    /**
     * As the owner, inside the load's transaction: forced row-level security would refuse COPY FROM (and
     * hide rows from the ledger's deletes), and user triggers (append-only guards, chain checks) would
     * refuse rows that are being put back as they were. Both return before the commit.
     */
    private static Lifted lift(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        Set<String> forced = new java.util.HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     select c.relname, c.relforcerowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
                      where n.nspname = 'public' and c.relkind = 'r' order by c.relname""")) {
            while (result.next()) {
                tables.add(result.getString(1));
                if (result.getBoolean(2)) {
                    forced.add(result.getString(1));
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute("alter table " + quote(table) + " disable trigger user");
                statement.execute("alter table " + quote(table) + " no force row level security");
            }
        }
        return new Lifted(tables, forced);
    }

    /** Empties what the migrations wrote, then COPY FROM each table in foreign-key order, then the sequences. */
    private void load(Connection connection, Found backup, Map<String, Long> rows) throws SQLException, IOException {
        Map<String, Manifest.TableFile> files = new LinkedHashMap<>();
        backup.manifest().tables().stream().filter(t -> !t.table().equals(HISTORY)).forEach(t -> files.put(t.table(), t));
        List<String> order = foreignKeyOrder(connection);
        for (String table : files.keySet()) {
            if (!order.contains(table)) {
                throw new IOException("Table " + table + " of the backup is not in the migrated schema");
            }
        }
        try (Statement statement = connection.createStatement()) {
            List<String> filled = order.stream().filter(t -> !t.equals(HISTORY)).map(Restorer::quote).toList();
            if (!filled.isEmpty()) {
                statement.execute("truncate " + String.join(", ", filled));
            }
        }
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        for (String table : order) {
            Manifest.TableFile file = files.get(table);
            if (file == null) {
                continue;
            }
            try (InputStream in = verifier.open(backup.directory(), backup.manifest(), file)) {
                long loaded = copy.copyIn("copy public." + quote(table) + " from stdin (format binary)", in);
                if (loaded != file.rows()) {
                    throw new IOException("Table " + table + ": " + loaded + " rows loaded where the manifest lists " + file.rows());
                }
                rows.put(table, loaded);
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    do $$
                    declare s record;
                    begin
                      for s in select c.relname as tab, a.attname as col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) as seq
                                 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                                 join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                                where n.nspname = 'public' and c.relkind = 'r'
                                  and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null loop
                        execute format('select setval(%L, coalesce((select max(%I) from public.%I), 0) + 1, false)', s.seq, s.col, s.tab);
                      end loop;
                    end $$""");
        }
    }

    /** Tables of the public schema, each after those its foreign keys point to (cycles: in name order). */
    private static List<String> foreignKeyOrder(Connection connection) throws SQLException {
        Map<String, Set<String>> dependsOn = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("""
                    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                     where n.nspname = 'public' and c.relkind = 'r' order by c.relname""")) {
                while (result.next()) {
                    dependsOn.put(result.getString(1), new LinkedHashSet<>());
                }
            }
            try (ResultSet result = statement.executeQuery("""
                    select f.conrelid::regclass::text, f.confrelid::regclass::text from pg_constraint f
                     where f.contype = 'f' and f.conrelid <> f.confrelid""")) {
                while (result.next()) {
                    Set<String> set = dependsOn.get(unquote(result.getString(1)));
                    if (set != null) {
                        set.add(unquote(result.getString(2)));
                    }
                }
            }
        }
        List<String> order = new ArrayList<>();
        Set<String> placed = new java.util.HashSet<>();
        while (order.size() < dependsOn.size()) {
            boolean progress = false;
            for (var entry : dependsOn.entrySet()) {
                if (!placed.contains(entry.getKey()) && placed.containsAll(entry.getValue().stream()
                        .filter(dependsOn::containsKey).toList())) {
                    order.add(entry.getKey());
                    placed.add(entry.getKey());
                    progress = true;
                }
            }
            if (!progress) {
                dependsOn.keySet().stream().filter(t -> !placed.contains(t)).findFirst().ifPresent(t -> {
                    order.add(t);
                    placed.add(t);
                });
            }
        }
        return order;
    }

    record Ledger(List<Erased> erased, List<UUID> purged, int keysDestroyed) {
    }

    record Erased(UUID schoolId, UUID subjectId, java.sql.Timestamp erasedAt) {
    }

    /**
     * Every key backup's erasure ledger and purge list joins the restored one; then every key the
     * ledger names is destroyed, as the live system did, in the same transaction as the load.
     */
    private Ledger applyLedger(Connection connection, List<Found> ledgers, String keysVersion, List<String> notes)
            throws SQLException, IOException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("create temp table ledger_erased (like erased_subject) on commit drop");
            statement.execute("create temp table ledger_purged (like purged_school) on commit drop");
        }
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        for (Found ledger : ledgers) {
            if (!keysVersion.equals(ledger.manifest().flywayVersion())) {
                notes.add("Key backup " + ledger.manifest().name() + " is of another key-store version; its ledger was read by the same columns");
            }
            for (Manifest.TableFile file : ledger.manifest().tables()) {
                String into = switch (file.table()) {
                    case "erased_subject" -> "ledger_erased";
                    case "purged_school" -> "ledger_purged";
                    default -> null;
                };
                if (into != null) {
                    try (InputStream in = verifier.open(ledger.directory(), ledger.manifest(), file)) {
                        copy.copyIn("copy " + into + " from stdin (format binary)", in);
                    }
                }
            }
        }
        int destroyed;
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    insert into purged_school select distinct on (school_id) * from ledger_purged
                     order by school_id, purged_at on conflict do nothing""");
            statement.execute("""
                    insert into erased_subject select distinct on (school_id, subject_id) * from ledger_erased
                     order by school_id, subject_id, erased_at on conflict do nothing""");
            destroyed = statement.executeUpdate("""
                    delete from subject_data_key k using erased_subject e
                     where k.school_id = e.school_id and k.subject_id = e.subject_id""");
            destroyed += statement.executeUpdate("delete from subject_data_key where school_id in (select school_id from purged_school)");
            destroyed += statement.executeUpdate("delete from school_keyset where school_id in (select school_id from purged_school)");
            statement.executeUpdate("delete from erased_subject where school_id in (select school_id from purged_school)");
        }
        List<Erased> erased = new ArrayList<>();
        List<UUID> purged = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("select school_id, subject_id, erased_at from erased_subject")) {
                while (result.next()) {
                    erased.add(new Erased(result.getObject(1, UUID.class), result.getObject(2, UUID.class),
                            result.getTimestamp(3)));
                }
            }
            try (ResultSet result = statement.executeQuery("select school_id from purged_school")) {
                while (result.next()) {
                    purged.add(result.getObject(1, UUID.class));
                }
            }
        }
        return new Ledger(erased, purged, destroyed);
    }

    /**
     * The data side of the ledger, as the live system left it: an erased pupil's record deleted, a
     * purged school's data purged. A step that does not apply to this backup's schema is noted, not
     * fatal: the keys are already destroyed, so what remains does not open.
     */
    private static void applyToData(Connection connection, Ledger ledger, List<String> notes) throws SQLException {
        int pupils = 0;
        int staff = 0;
        for (Erased subject : ledger.erased()) {
            var savepoint = connection.setSavepoint();
            try (PreparedStatement statement = connection.prepareStatement(
                    "delete from pupil where school_id = ? and id = ?")) {
                statement.setObject(1, subject.schoolId());
                statement.setObject(2, subject.subjectId());
                pupils += statement.executeUpdate();
                connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                connection.rollback(savepoint);
                notes.add("An erased subject's record could not be deleted (SQLState " + e.getSQLState() + "); its key is destroyed");
            }
            savepoint = connection.setSavepoint();
            try {
                staff += eraseStaff(connection, subject);
                connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                connection.rollback(savepoint);
                notes.add("An erased member of staff's account could not be anonymised (SQLState " + e.getSQLState()
                        + "); their key is destroyed");
            }
        }
        if (pupils > 0) {
            notes.add(pupils + " pupil record(s) erased after the data backup were deleted");
        }
        if (staff > 0) {
            notes.add(staff + " staff account(s) erased after the data backup were anonymised");
        }
        List<String> categories = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        for (RetentionCategory category : RetentionCategory.values()) {
            for (String table : category.tables()) {
                categories.add(category.name());
                tables.add(table);
            }
        }
        for (UUID school : ledger.purged()) {
            var savepoint = connection.setSavepoint();
            try (PreparedStatement scope = connection.prepareStatement("select set_config('custodian.school_id', ?, true)");
                 PreparedStatement mark = connection.prepareStatement("update school set state = 'PURGED', termination_date = coalesce(termination_date, current_date) where id = ?");
                 PreparedStatement purge = connection.prepareStatement(
                         "select count(*) from custodian_purge_school(?, ?::text[], ?::text[])")) {
                scope.setString(1, school.toString());
                scope.execute();
                mark.setObject(1, school);
                if (mark.executeUpdate() > 0) {
                    purge.setObject(1, school);
                    purge.setArray(2, connection.createArrayOf("text", categories.toArray()));
                    purge.setArray(3, connection.createArrayOf("text", tables.toArray()));
                    purge.execute();
                }
                connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                connection.rollback(savepoint);
                notes.add("A purged school's data could not be purged (SQLState " + e.getSQLState() + "); its keys are destroyed");
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("select set_config('custodian.school_id', '', true)");
        }
    }

    /**
     * A member of staff erased after the data backup, as the live staff erasure left them: the account row
     * stays (records name its id) disabled, removed and marked erased, its sign-in name and display name
     * gone, its username index replaced by a random one and kept only on a tombstone; no password, second
     * factor, recovery codes, lockouts, trusted browsers, sessions or open invitations. 1 if the subject
     * was such an account not yet erased in the backup, else 0.
     */
    private static int eraseStaff(Connection connection, Erased subject) throws SQLException {
        byte[] index;
        try (PreparedStatement find = connection.prepareStatement(
                "select username_index from user_account where id = ? and school_id = ? and erased_at is null")) {
            find.setObject(1, subject.subjectId());
            find.setObject(2, subject.schoolId());
            try (ResultSet result = find.executeQuery()) {
                if (!result.next()) {
                    return 0;
                }
                index = result.getBytes(1);
            }
        }
        byte[] unlinked = new byte[32];
        RANDOM.nextBytes(unlinked);
        try (PreparedStatement update = connection.prepareStatement("""
                update user_account
                   set enabled = false, removed_at = coalesce(removed_at, ?), erased_at = ?, username_index = ?,
                       username_ciphertext = null, display_name_ciphertext = null, password_hash = '!erased'
                 where id = ? and school_id = ?""")) {
            update.setTimestamp(1, subject.erasedAt());
            update.setTimestamp(2, subject.erasedAt());
            update.setBytes(3, unlinked);
            update.setObject(4, subject.subjectId());
            update.setObject(5, subject.schoolId());
            update.executeUpdate();
        }
        if (index != null) {
            try (PreparedStatement tombstone = connection.prepareStatement(
                    "insert into erased_staff (school_id, id, username_index, erased_at) values (?, ?, ?, ?)")) {
                tombstone.setObject(1, subject.schoolId());
                tombstone.setObject(2, UUID.randomUUID());
                tombstone.setBytes(3, index);
                tombstone.setTimestamp(4, subject.erasedAt());
                tombstone.executeUpdate();
            }
        }
        for (String table : List.of("user_totp", "recovery_code", "account_lockout", "device_cookie")) {
            try (PreparedStatement delete = connection.prepareStatement("delete from " + quote(table) + " where user_id = ?")) {
                delete.setObject(1, subject.subjectId());
                delete.executeUpdate();
            }
        }
        try (PreparedStatement revoke = connection.prepareStatement(
                "update user_invitation set revoked_at = ? where user_id = ? and accepted_at is null and revoked_at is null")) {
            revoke.setTimestamp(1, subject.erasedAt());
            revoke.setObject(2, subject.subjectId());
            revoke.executeUpdate();
        }
        try (PreparedStatement sessions = connection.prepareStatement("delete from spring_session where principal_name = ?")) {
            sessions.setString(1, subject.subjectId().toString());
            sessions.executeUpdate();
        }
        return 1;
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String unquote(String regclass) {
        return regclass.startsWith("\"") ? regclass.substring(1, regclass.length() - 1).replace("\"\"", "\"") : regclass;
    }
}
