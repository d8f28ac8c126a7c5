package org.custodian.backups.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.SignatureConfig;
import com.google.crypto.tink.StreamingAead;

import org.custodian.backups.BackupKind;
import org.custodian.backups.BackupReason;
import org.custodian.backups.BackupRun;
import org.custodian.backups.BackupVerifier;
import org.custodian.crypto.MasterKey;
import org.custodian.crypto.SigningKeys;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.database.BackupDatabase;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.json.JsonMapper;

/** Backups on the real PostgreSQL: what they hold, what a crash leaves, what the verifier refuses. */
@CustodianTest
class BackupsIT {

    @LocalServerPort int port;
    @Autowired DefaultBackups backups;
    @Autowired BackupSchedule schedule;
    @Autowired BackupVerifier verifier;
    @Autowired BackupProperties properties;
    @Autowired BackupDatabase database;
    @Autowired KeyTablesSource keyTables;
    @Autowired MasterKey masterKey;
    @Autowired SigningKeys signingKeys;
    @Autowired JsonMapper json;
    @Autowired TestClock clock;
    @Autowired Fixtures fixtures;
    @Autowired DatabaseOwner owner;
    @Autowired SubjectKeys subjectKeys;
    @Autowired BackupWriter writer;
    @Autowired org.springframework.beans.factory.ObjectProvider<BackupDatabase> databases;
    @Autowired JdbcBackupRuns runs;
    @Autowired org.custodian.support.KeyTables keyStore;

    @Test
    void aDataBackupHoldsEveryDataTableAndNoKeyTableOrKeyBytes() throws Exception {
        UUID school = fixtures.school().id();
        subjectKeys.create(school, UUID.randomUUID(), SubjectKind.PUPIL);
        // The keys live in the key store's own database.
        List<byte[]> wrappedKeys = keyStore.asPlatform(jdbc -> jdbc.sql(
                "select wrapped_key from subject_data_key union all select wrapped_keyset from school_keyset")
                .query(byte[].class).list());
        assertThat(wrappedKeys).as("key material to look for").isNotEmpty();

        List<BackupRun> done = backups.backUp(BackupReason.MANUAL);

        assertThat(done).extracting(BackupRun::kind).containsExactly(BackupKind.DATA, BackupKind.KEYS);
        assertThat(done).extracting(BackupRun::status).containsOnly(BackupRun.Status.COMPLETE);
        Path data = folder(done.get(0));
        Manifest manifest = manifest(data);
        Set<String> tables = new HashSet<>(ownerStrings(
                "select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r'"));
        Set<String> expected = new HashSet<>(tables);
        expected.removeAll(keyTables.tables());
        assertThat(manifest.tables()).extracting(Manifest.TableFile::table).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(manifest.flywayVersion()).isNotBlank();
        assertThat(manifest.tables()).filteredOn(t -> t.table().equals("school")).singleElement()
                .satisfies(t -> assertThat(t.rows()).isPositive());
        for (Manifest.TableFile table : manifest.tables()) {
            byte[] plain = decrypt(data, manifest, table);
            for (byte[] key : wrappedKeys) {
                assertThat(indexOf(plain, key)).as("wrapped key bytes in %s", table.table()).isEqualTo(-1);
            }
        }
        Path keys = folder(done.get(1));
        Manifest keyManifest = manifest(keys);
        assertThat(keyManifest.tables()).extracting(Manifest.TableFile::table)
                .containsExactlyElementsOf(keyTables.tables());
        assertThat(keyManifest.tables()).filteredOn(t -> t.table().equals("subject_data_key")).singleElement()
                .satisfies(t -> assertThat(t.rows()).isEqualTo(keyStore.asPlatform(jdbc -> jdbc.sql("select count(*) from subject_data_key")
                        .query(Long.class).single())));
        // The scan finds key bytes where they are: in the key backup.
        byte[] keyFile = decrypt(keys, keyManifest, table(keyManifest, "subject_data_key"));
        assertThat(wrappedKeys).anySatisfy(key -> assertThat(indexOf(keyFile, key)).isNotNegative());
        assertThat(verifier.verify(data).problems()).isEmpty();
        assertThat(verifier.verify(keys).problems()).isEmpty();
        assertThat(Files.readString(data.resolve(Manifest.FILE))).doesNotContain("Test School");
    }

    @Test
    void aBackupKilledPartWayLeavesNoManifestAndIsRefused() throws Exception {
        Path directory = properties.directory().resolve("crash").resolve(UUID.randomUUID().toString());
        AtomicReference<List<String>> seenMidway = new AtomicReference<>();
        BackupFaults crash = (dir, table, written) -> {
            if (written == 5) {
                try (var files = Files.list(dir)) {
                    seenMidway.set(files.map(f -> f.getFileName().toString()).toList());
                }
                catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                // Everything written so far is on disk, as after kill -9; nothing else runs.
                throw new IllegalStateException("simulated kill");
            }
        };
        var faults = new StaticListableBeanFactory(Map.of("crash", crash)).getBeanProvider(BackupFaults.class);
        BackupWriter crashing = new BackupWriter(masterKey, signingKeys, json, clock, faults);
        try {
            Snapshot.run(database.dataSource(), snapshot -> crashing.write(directory, UUID.randomUUID().toString(), "crash",
                    BackupKind.DATA, BackupReason.MANUAL, snapshot, snapshot.tables()));
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("simulated kill");
        }

        assertThat(seenMidway.get()).hasSize(5).noneMatch(name -> name.startsWith("manifest"));
        assertThat(Files.exists(directory.resolve(Manifest.FILE))).isFalse();
        assertThat(verifier.verify(directory).problems()).singleElement().asString().startsWith("No manifest");
    }

    @Test
    void theVerifierRefusesTruncatedBitFlippedSwappedAndForeignBackups() throws Exception {
        Path original = folder(backups.backUp(BackupReason.MANUAL).get(0));
        Manifest manifest = manifest(original);
        Manifest.TableFile school = table(manifest, "school");
        Manifest.TableFile accounts = table(manifest, "user_account");

        Path truncated = copyOf(original);
        byte[] bytes = Files.readAllBytes(truncated.resolve(school.file()));
        Files.write(truncated.resolve(school.file()), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(verifier.verify(truncated).problems()).containsExactly(
                "Table school: its file is truncated (" + (bytes.length / 2) + " of " + bytes.length + " bytes)");

        Path flipped = copyOf(original);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(flipped.resolve(school.file()), bytes);
        assertThat(verifier.verify(flipped).problems()).containsExactly(
                "Table school: its file was altered (SHA-256 differs from the manifest)");

        Path swapped = copyOf(original);
        Path temporary = swapped.resolve("swap");
        Files.move(swapped.resolve(school.file()), temporary);
        Files.move(swapped.resolve(accounts.file()), swapped.resolve(school.file()));
        Files.move(temporary, swapped.resolve(accounts.file()));
        assertThat(verifier.verify(swapped).problems()).containsExactlyInAnyOrder(
                "Table school: its file holds table user_account's data (files swapped or re-ordered)",
                "Table user_account: its file holds table school's data (files swapped or re-ordered)");

        Path foreign = copyOf(original);
        SignatureConfig.register();
        KeysetHandle other = KeysetHandle.generateNew(Ed25519Parameters.create(Ed25519Parameters.Variant.NO_PREFIX));
        byte[] body = Files.readAllBytes(foreign.resolve(Manifest.FILE));
        byte[] signature = other.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class).sign(body);
        byte[] publicKey = ((Ed25519PrivateKey) other.getPrimary().getKey()).getPublicKey().getPublicKeyBytes().toByteArray();
        Files.write(foreign.resolve(Manifest.SIGNATURE_FILE), json.writeValueAsBytes(new Manifest.Signature("Ed25519",
                Base64.getEncoder().encodeToString(publicKey), Base64.getEncoder().encodeToString(signature))));
        assertThat(verifier.verify(foreign).problems()).singleElement().asString()
                .startsWith("The manifest is signed by a key that is not one of this installation's signing keys");

        Path edited = copyOf(original);
        String text = Files.readString(edited.resolve(Manifest.FILE));
        Files.writeString(edited.resolve(Manifest.FILE), text.replaceFirst("\"rows\" : (\\d+)", "\"rows\" : 99$1"));
        assertThat(verifier.verify(edited).problems())
                .containsExactly("The manifest's signature does not verify: the manifest was altered");

        assertThat(verifier.verify(original).problems()).as("the original still verifies").isEmpty();
    }

    @Test
    void changingASchoolAdminTakesOneSnapshotPerDebouncePeriod() throws Exception {
        clock.advance(Duration.ofHours(1)); // past any earlier test's snapshot window
        UUID school = fixtures.school().id();
        CustodianUser admin = fixtures.schoolAdmin(school);
        CustodianUser teacher = fixtures.user(school, Role.TEACHER);
        Browser browser = fixtures.signedIn(port, admin);
        long before = snapshots();

        var changed = browser.postForm("/school/users/" + teacher.id(), "/school/users/" + teacher.id() + "/role",
                Map.of("role", "SCHOOL_ADMIN"));
        assertThat(changed.statusCode()).isLessThan(400);
        awaitSnapshots(before + 1);

        // A second change inside the window waits for it to end.
        var again = browser.postForm("/school/users/" + teacher.id(), "/school/users/" + teacher.id() + "/role",
                Map.of("role", "TEACHER"));
        assertThat(browser.get("/school/users/" + teacher.id()).body()).as("status %s", again.statusCode())
                .contains("The role has been changed.");
        assertThat(schedule.snapshotIfDue()).as("inside the debounce window").isFalse();
        assertThat(snapshots()).isEqualTo(before + 1);
        clock.advance(properties.snapshotDebounce());
        // The minutely check (or the change's own task, if it comes late) takes it now.
        schedule.snapshotIfDue();
        awaitSnapshots(before + 2);
        assertThat(schedule.snapshotIfDue()).as("nothing pending any more").isFalse();
    }

    @Test
    void aFailingExtraDestinationIsRecordedAndLeavesTheOthersIntact() throws Exception {
        Path root = properties.directory().resolveSibling("destinations-" + UUID.randomUUID());
        Path good = root.resolve("good");
        Path blocker = root.resolve("not-a-folder");
        Files.createDirectories(root);
        Files.writeString(blocker, "a file where a folder should be");
        BackupProperties withExtras = new BackupProperties("-", root.resolve("local"), List.of(blocker.resolve("bad"), good),
                30, 12, Duration.ofDays(7), Duration.ofMinutes(15), "-", 5, List.of());

        List<BackupRun> done = backupsWith(withExtras).backUp(BackupReason.MANUAL);

        BackupRun data = done.get(0);
        assertThat(data.status()).isEqualTo(BackupRun.Status.PARTIAL);
        assertThat(data.destinations()).extracting(BackupRun.Destination::directory, BackupRun.Destination::verified)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(root.resolve("local").toString(), true),
                        org.assertj.core.groups.Tuple.tuple(blocker.resolve("bad").toString(), false),
                        org.assertj.core.groups.Tuple.tuple(good.toString(), true));
        assertThat(data.destinations().get(1).failure()).startsWith("FileSystemException");
        assertThat(verifier.verify(root.resolve("local/data").resolve(data.name())).problems()).isEmpty();
        assertThat(verifier.verify(good.resolve("data").resolve(data.name())).problems()).isEmpty();
        assertThat(verifier.verify(good.resolve("keys").resolve(done.get(1).name())).problems()).isEmpty();
        assertThat(backups.history(1000)).filteredOn(run -> run.id().equals(data.id())).singleElement()
                .extracting(BackupRun::status).isEqualTo(BackupRun.Status.PARTIAL);
    }

    @Test
    void oldBackupsArePrunedByTheClockAndLeftoversOfAKilledRunRemoved() throws Exception {
        Path local = properties.directory().resolveSibling("retention-" + UUID.randomUUID());
        DefaultBackups pruning = backupsWith(new BackupProperties("-", local, List.of(), 2, 0, Duration.ofDays(2),
                Duration.ofMinutes(15), "-", 5, List.of()));
        List<List<BackupRun>> days = new ArrayList<>();
        for (int day = 0; day < 4; day++) {
            if (day > 0) {
                clock.advance(Duration.ofDays(1));
            }
            days.add(pruning.backUp(BackupReason.DAILY));
        }
        Path leftover = local.resolve("data").resolve("19991231T000000Z-killed");
        Files.createDirectories(leftover);
        Files.writeString(leftover.resolve("001-school.copy.enc"), "partial");
        pruning.prune();

        assertThat(names(local.resolve("data"))).containsExactlyInAnyOrder(days.get(2).get(0).name(), days.get(3).get(0).name());
        assertThat(names(local.resolve("keys"))).containsExactlyInAnyOrder(days.get(2).get(1).name(), days.get(3).get(1).name());
        List<BackupRun> history = backups.history(1000);
        for (int day = 0; day < 4; day++) {
            for (BackupRun run : days.get(day)) {
                boolean pruned = day < 2;
                assertThat(history).filteredOn(h -> h.id().equals(run.id())).singleElement()
                        .satisfies(h -> assertThat(h.prunedAt() != null).as("day %s %s pruned", h.name(), h.kind())
                                .isEqualTo(pruned));
            }
        }
    }

    @Test
    void platformOperatorsSeeTheHistoryOnThePageAndInTheApiAndSchoolsDoNot() throws Exception {
        BackupRun run = backups.backUp(BackupReason.MANUAL).get(0);
        Browser operator = fixtures.signedIn(port, fixtures.platformAdmin());

        var page = operator.get("/platform/backups");
        var api = operator.get("/api/v1/platform/backups");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1 class=\"govuk-heading-l\">Backups</h1>", run.name(), "written and verified");
        assertThat(api.statusCode()).isEqualTo(200);
        var listed = json.readTree(api.body());
        assertThat(listed.isArray()).isTrue();
        assertThat(listed.findValuesAsString("name")).contains(run.name());
        UUID school = fixtures.school().id();
        Browser schoolAdmin = fixtures.signedIn(port, fixtures.schoolAdmin(school));
        assertThat(schoolAdmin.get("/api/v1/platform/backups").statusCode()).isEqualTo(403);
        assertThat(schoolAdmin.get("/platform/backups").statusCode()).isEqualTo(403);
    }

    private static List<String> names(Path folder) throws Exception {
        try (var entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }

    private DefaultBackups backupsWith(BackupProperties other) {
        return new DefaultBackups(databases, keyTables, writer, runs, other, json, clock);
    }

    private long snapshots() {
        return backups.history(1000).stream()
                .filter(run -> run.reason() == BackupReason.ADMIN_CHANGE && run.kind() == BackupKind.DATA
                        && run.status() != BackupRun.Status.RUNNING)
                .count();
    }

    /** The snapshot runs on its own thread: waits (up to a minute) for it to be recorded. */
    private void awaitSnapshots(long count) throws InterruptedException {
        for (int i = 0; i < 600 && snapshots() < count; i++) {
            Thread.sleep(100);
        }
        assertThat(snapshots()).isEqualTo(count);
    }

    private Path folder(BackupRun run) {
        return properties.directory().resolve(run.kind().folder()).resolve(run.name());
    }

    private Manifest manifest(Path directory) throws Exception {
        return json.readValue(Files.readAllBytes(directory.resolve(Manifest.FILE)), Manifest.class);
    }

    private static Manifest.TableFile table(Manifest manifest, String name) {
        return manifest.tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow();
    }

    private byte[] decrypt(Path directory, Manifest manifest, Manifest.TableFile table) throws Exception {
        StreamingAead aead = BackupCrypto.unwrap(masterKey, manifest.id(), manifest.wrappedKeyset());
        try (InputStream in = aead.newDecryptingStream(Files.newInputStream(directory.resolve(table.file())),
                BackupCrypto.fileAd(manifest.id(), manifest.kind(), table.table()))) {
            return in.readAllBytes();
        }
    }

    private Path copyOf(Path backup) throws Exception {
        Path copy = backup.resolveSibling(backup.getFileName() + "-copy-" + UUID.randomUUID());
        Files.createDirectory(copy);
        try (var files = Files.list(backup)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private List<String> ownerStrings(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = owner.connect(); ResultSet rs = connection.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
