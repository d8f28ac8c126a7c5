package org.custodian.backups.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.custodian.backups.BackupReason;
import org.custodian.backups.BackupRun;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.RestoredKeys;
import org.custodian.crypto.SigningKeys;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.database.ScratchDatabases;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Restores on the real PostgreSQL: what comes back, what the ledger keeps erased, what is refused unwritten. */
@CustodianTest
class RestoreIT {

    @Autowired DefaultBackups backups;
    @Autowired BackupProperties properties;
    @Autowired Restorer restorer;
    @Autowired ScratchDatabases scratch;
    @Autowired RestoredKeys restoredKeys;
    @Autowired SigningKeys signingKeys;
    @Autowired SubjectKeys subjectKeys;
    @Autowired org.custodian.identity.StaffErasure staffErasure;
    @Autowired FieldCipher cipher;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired tools.jackson.databind.json.JsonMapper json;
    @Autowired org.springframework.context.ApplicationContext context;

    @Test
    void aPupilErasedAfterTheBackupStaysUnreadableWithTheNewerOrAnOlderKeyBackup() throws Exception {
        UUID school = fixtures.school().id();
        UUID erased = pupil(school, "Fakeerased");
        UUID kept = pupil(school, "Fakekept");
        byte[] oldCiphertext = liveForename(school, erased);
        List<BackupRun> before = backups.backUp(BackupReason.MANUAL);
        clock.advance(Duration.ofHours(1));
        subjectKeys.destroy(school, erased);
        tenancy.inSchool(school, () -> jdbc.sql("delete from pupil where school_id = ? and id = ?").params(school, erased).update());
        List<BackupRun> after = backups.backUp(BackupReason.MANUAL);
        clock.advance(Duration.ofHours(1));

        // The old data with the newer keys.
        try (var target = scratch.create()) {
            Restorer.Outcome outcome = restorer.restore(request(folder(before.get(0)), folder(after.get(1)), target));
            assertThat(outcome.dataRows()).containsEntry("pupil", outcome.expectedRows().get("pupil"));
            FieldCipher restored = open(target);
            assertThat(forename(target, school, kept)).isNotNull();
            assertThat(restored.decryptString(school, kept, "forename", forename(target, school, kept))).isEqualTo("Fakekept");
            assertThat(forename(target, school, erased)).as("the erased pupil's record is deleted again").isNull();
            assertThat(keyCount(target, school, erased)).isZero();
        }
        // The old data with the old keys: the newer key backup's ledger (same folder) is applied.
        try (var target = scratch.create()) {
            Restorer.Outcome outcome = restorer.restore(request(folder(before.get(0)), folder(before.get(1)), target));
            assertThat(outcome.keysDestroyed()).isPositive();
            assertThat(keyCount(target, school, erased)).isZero();
            assertThat(forename(target, school, erased)).isNull();
            FieldCipher restored = open(target);
            assertThat(restored.decryptString(school, kept, "forename", forename(target, school, kept))).isEqualTo("Fakekept");
            assertThatThrownBy(() -> restored.decrypt(school, erased, "forename", oldCiphertext))
                    .isInstanceOf(SubjectErasedException.class);
        }
        // Control: the same old key backup alone, with no newer ledger beside it, still opens the pupil.
        Path alone = Files.createTempDirectory(properties.directory(), "alone");
        Path keysAlone = copy(folder(before.get(1)), alone.resolve("keys").resolve(before.get(1).name()));
        try (var target = scratch.create()) {
            restorer.restore(new Restorer.Request(folder(before.get(0)), keysAlone, List.of(), trusted(), target.data(), target.keys()));
            assertThat(open(target).decryptString(school, erased, "forename", forename(target, school, erased))).isEqualTo("Fakeerased");
        }
    }

    @Test
    void aMemberOfStaffErasedAfterTheBackupIsErasedAgainInTheRestore() throws Exception {
        UUID school = fixtures.school().id();
        CustodianUser admin = fixtures.schoolAdmin(school);
        CustodianUser erased = fixtures.user(school, Role.TEACHER);
        CustodianUser kept = fixtures.user(school, Role.TEACHER);
        List<BackupRun> before = backups.backUp(BackupReason.MANUAL);
        clock.advance(Duration.ofHours(1));
        staffErasure.erase(admin, erased.id(), null);
        backups.backUp(BackupReason.MANUAL);
        clock.advance(Duration.ofHours(1));

        // The old data and the old keys: the newer key backup's ledger (same folder) names the erasure.
        try (var target = scratch.create()) {
            Restorer.Outcome outcome = restorer.restore(request(folder(before.get(0)), folder(before.get(1)), target));
            assertThat(outcome.notes()).anySatisfy(note -> assertThat(note).contains("1 staff account(s)"));
            assertThat(countInSchool(target.data(), school, """
                    select count(*) from user_account where id = ? and erased_at is not null and not enabled
                       and removed_at is not null and password_hash = '!erased' and username_ciphertext is null
                       and display_name_ciphertext is null""", erased.id())).isEqualTo(1);
            assertThat(countInSchool(target.data(), school, "select count(*) from erased_staff where school_id = ?", school))
                    .as("the tombstone").isEqualTo(1);
            assertThat(countInSchool(target.data(), school, """
                    select count(*) from user_account where id = ? and erased_at is null and enabled
                       and password_hash <> '!erased' and username_ciphertext is not null""", kept.id())).isEqualTo(1);
            assertThat(keyCount(target, school, erased.id())).isZero();
        }
    }

    @Test
    void aSchoolPurgedAfterTheBackupStaysUnreadable() throws Exception {
        UUID school = fixtures.school().id();
        UUID pupil = pupil(school, "Fakepurged");
        byte[] oldCiphertext = liveForename(school, pupil);
        List<BackupRun> before = backups.backUp(BackupReason.MANUAL);
        clock.advance(Duration.ofHours(1));
        subjectKeys.destroySchool(school);
        backups.backUp(BackupReason.MANUAL);
        clock.advance(Duration.ofHours(1));

        try (var target = scratch.create()) {
            Restorer.Outcome outcome = restorer.restore(request(folder(before.get(0)), folder(before.get(1)), target));
            assertThat(outcome.purgedSchools()).isPositive();
            assertThat(keyCount(target, school, pupil)).isZero();
            assertThat(count(target.keys(), "select count(*) from school_keyset where school_id = ?", school)).isZero();
            assertThat(forename(target, school, pupil)).as("the purge ran on the restored data: %s", outcome.notes()).isNull();
            assertThatThrownBy(() -> open(target).decrypt(school, pupil, "forename", oldCiphertext))
                    .isInstanceOf(SubjectErasedException.class);
        }
    }

    @Test
    void aRestoreWithoutItsKeyBackupSaysSoAndWritesNothing() throws Exception {
        fixtures.school();
        List<BackupRun> runs = backups.backUp(BackupReason.MANUAL);
        try (var target = scratch.create()) {
            assertThatThrownBy(() -> restorer.restore(request(folder(runs.get(0)), null, target)))
                    .isInstanceOfSatisfying(Restorer.Refused.class, refused ->
                            assertThat(refused.reasons()).anySatisfy(reason -> assertThat(reason).startsWith("No key backup")));
            assertThatThrownBy(() -> restorer.restore(request(folder(runs.get(0)), folder(runs.get(0)).resolveSibling("gone"), target)))
                    .isInstanceOf(Restorer.Refused.class);
            assertEmpty(target);
        }
    }

    @Test
    void truncatedBitFlippedSwappedOrForeignBackupsAreRefusedBeforeAnythingIsWritten() throws Exception {
        fixtures.school();
        List<BackupRun> runs = backups.backUp(BackupReason.MANUAL);
        Path data = folder(runs.get(0));
        Path keys = folder(runs.get(1));
        Manifest manifest = restorer.verifier().manifest(data);
        Path work = Files.createTempDirectory(properties.directory(), "damaged");

        Path flipped = copy(data, work.resolve("flipped"));
        Path file = flipped.resolve(manifest.tables().get(3).file());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        refusedUnwritten(new Restorer.Request(flipped, keys, List.of(), trusted(), null, null), "altered");

        Path truncated = copy(data, work.resolve("truncated"));
        Path cut = truncated.resolve(manifest.tables().get(2).file());
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(cut), (int) Files.size(cut) - 10));
        refusedUnwritten(new Restorer.Request(truncated, keys, List.of(), trusted(), null, null), "truncated");

        Path swapped = copy(data, work.resolve("swapped"));
        Path a = swapped.resolve(manifest.tables().get(0).file());
        Path b = swapped.resolve(manifest.tables().get(1).file());
        byte[] first = Files.readAllBytes(a);
        Files.write(a, Files.readAllBytes(b));
        Files.write(b, first);
        refusedUnwritten(new Restorer.Request(swapped, keys, List.of(), trusted(), null, null), "swapped");

        refusedUnwritten(new Restorer.Request(data, keys, List.of(), key -> false, null, null), "another installation");
        // The two streams the wrong way round.
        refusedUnwritten(new Restorer.Request(keys, data, List.of(), trusted(), null, null), "not a");
    }

    @Test
    void theRestoreCommandRestoresIntoANewEmbeddedDataDirWithTheMasterKeyFileAlone() throws Exception {
        UUID school = fixtures.school().id();
        pupil(school, "Fakecommand");
        List<BackupRun> runs = backups.backUp(BackupReason.MANUAL);
        Path dataDir = Files.createTempDirectory(properties.directory(), "restored").resolve("data");
        var printed = new java.io.ByteArrayOutputStream();
        // The context's own file (custodian.data-dir names a random folder each time it is resolved).
        Object masterKeyProperties = context.getBeansWithAnnotation(
                        org.springframework.boot.context.properties.ConfigurationProperties.class).values().stream()
                .filter(bean -> bean.getClass().getSimpleName().equals("MasterKeyProperties")).findFirst().orElseThrow();
        var accessor = masterKeyProperties.getClass().getDeclaredMethod("masterKeyFile");
        accessor.setAccessible(true);
        String masterKeyFile = accessor.invoke(masterKeyProperties).toString();

        int status = RestoreCli.run(new String[] {"--backup", folder(runs.get(0)).toString(), "--keys",
                folder(runs.get(1)).toString(), "--master-key-file", masterKeyFile, "--target-data-dir", dataDir.toString()},
                new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));

        String output = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(status).as(output).isZero();
        assertThat(output).contains("Restored data backup " + runs.get(0).name()).contains("custodian.data-dir=");
        assertThat(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION"))).isTrue();
        var again = new java.io.ByteArrayOutputStream();
        assertThat(RestoreCli.run(new String[] {"--backup", folder(runs.get(0)).toString(), "--keys",
                folder(runs.get(1)).toString(), "--master-key-file", masterKeyFile, "--target-data-dir", dataDir.toString()},
                new java.io.PrintStream(again, true, java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(RestoreCli.run(new String[] {"--backup", folder(runs.get(0)).toString()},
                new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(2);
    }


    @Test
    void aBackupFromANewerSchemaIsRefusedUnwritten() throws Exception {
        fixtures.school();
        List<BackupRun> runs = backups.backUp(BackupReason.MANUAL);
        Path newer = copy(folder(runs.get(0)), Files.createTempDirectory(properties.directory(), "newer").resolve("data"));
        Manifest manifest = restorer.verifier().manifest(newer);
        String future = String.valueOf(Long.parseLong(Restorer.newestMigration("db/migration").getVersion()) + 1);
        Manifest edited = new Manifest(manifest.format(), manifest.id(), manifest.kind(), manifest.reason(), manifest.name(),
                manifest.startedAt(), manifest.finishedAt(), future, manifest.masterKeyId(), manifest.wrappedKeyset(),
                manifest.tables());
        byte[] body = json.writeValueAsBytes(edited);
        Files.write(newer.resolve(Manifest.FILE), body);
        // Signed again by a key of its own: the restore command (any verifying signature) must refuse it for the version.
        com.google.crypto.tink.signature.SignatureConfig.register();
        var other = com.google.crypto.tink.KeysetHandle.generateNew(com.google.crypto.tink.signature.Ed25519Parameters.create(
                com.google.crypto.tink.signature.Ed25519Parameters.Variant.NO_PREFIX));
        byte[] signature = other.getPrimitive(com.google.crypto.tink.RegistryConfiguration.get(),
                com.google.crypto.tink.PublicKeySign.class).sign(body);
        byte[] publicKey = ((com.google.crypto.tink.signature.Ed25519PrivateKey) other.getPrimary().getKey()).getPublicKey()
                .getPublicKeyBytes().toByteArray();
        Files.write(newer.resolve(Manifest.SIGNATURE_FILE), json.writeValueAsBytes(new Manifest.Signature("Ed25519",
                java.util.Base64.getEncoder().encodeToString(publicKey), java.util.Base64.getEncoder().encodeToString(signature))));

        refusedUnwritten(new Restorer.Request(newer, folder(runs.get(1)), List.of(), key -> true, null, null),
                "newer than this build's");
    }

    private void refusedUnwritten(Restorer.Request request, String reason) throws Exception {
        try (var target = scratch.create()) {
            Restorer.Request aimed = new Restorer.Request(request.dataBackup(), request.keyBackup(), request.ledgerSources(),
                    request.trusted(), target.data(), target.keys());
            assertThatThrownBy(() -> restorer.restore(aimed))
                    .isInstanceOfSatisfying(Restorer.Refused.class, refused ->
                            assertThat(refused.reasons()).anySatisfy(r -> assertThat(r).contains(reason)));
            assertEmpty(target);
        }
    }

    private void assertEmpty(ScratchDatabases.Scratch target) throws SQLException {
        for (ScratchDatabases.Target database : List.of(target.data(), target.keys())) {
            assertThat(count(database, "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                    + "where n.nspname = 'public' and c.relkind = 'r'")).as("tables written").isZero();
        }
    }

    private Restorer.Request request(Path data, Path keys, ScratchDatabases.Scratch target) {
        return new Restorer.Request(data, keys, List.of(), trusted(), target.data(), target.keys());
    }

    private Predicate<byte[]> trusted() {
        return key -> signingKeys.publicKeys().stream().anyMatch(ours -> Arrays.equals(ours.publicKey(), key));
    }

    private FieldCipher open(ScratchDatabases.Scratch target) {
        return restoredKeys.open(target.keys().jdbcUrl(), target.keys().owner().username(), target.keys().owner().password());
    }

    /** A pupil row with its forename encrypted under a key of its own, as the records module writes it. */
    private UUID pupil(UUID school, String forename) {
        UUID id = fixtures.pupil(school);
        subjectKeys.create(school, id, SubjectKind.PUPIL);
        byte[] ciphertext = cipher.encryptString(school, id, "forename", forename);
        tenancy.inSchool(school, () -> jdbc.sql("update pupil set forename_ct = ? where school_id = ? and id = ?")
                .params(ciphertext, school, id).update());
        return id;
    }

    /** The forename ciphertext as the live database holds it (and so as the backup holds it). */
    private byte[] liveForename(UUID school, UUID pupil) {
        return tenancy.inSchool(school, () -> jdbc.sql("select forename_ct from pupil where school_id = ? and id = ?")
                .params(school, pupil).query(byte[].class).single());
    }

    /** The restored pupil's forename ciphertext, or null when the row is not there. */
    private byte[] forename(ScratchDatabases.Scratch target, UUID school, UUID pupil) throws SQLException {
        try (Connection connection = Restorer.connect(target.data());
             PreparedStatement scope = connection.prepareStatement("select set_config('custodian.school_id', ?, true)");
             PreparedStatement query = connection.prepareStatement("select forename_ct from pupil where school_id = ? and id = ?")) {
            scope.setString(1, school.toString());
            scope.execute();
            query.setObject(1, school);
            query.setObject(2, pupil);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? result.getBytes(1) : null;
            }
        }
    }

    private static long countInSchool(ScratchDatabases.Target database, UUID school, String sql, Object... params)
            throws SQLException {
        try (Connection connection = Restorer.connect(database);
             PreparedStatement scope = connection.prepareStatement("select set_config('custodian.school_id', ?, true)");
             PreparedStatement query = connection.prepareStatement(sql)) {
            scope.setString(1, school.toString());
            scope.execute();
            for (int i = 0; i < params.length; i++) {
                query.setObject(i + 1, params[i]);
            }
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private long keyCount(ScratchDatabases.Scratch target, UUID school, UUID subject) throws SQLException {
        return count(target.keys(), "select count(*) from subject_data_key where school_id = ? and subject_id = ?", school, subject);
    }

    private static long count(ScratchDatabases.Target database, String sql, Object... params) throws SQLException {
        try (Connection connection = Restorer.connect(database);
             PreparedStatement scope = connection.prepareStatement("select set_config('custodian.platform', 'on', true)");
             PreparedStatement query = connection.prepareStatement(sql)) {
            scope.execute();
            for (int i = 0; i < params.length; i++) {
                query.setObject(i + 1, params[i]);
            }
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private Path folder(BackupRun run) {
        return properties.directory().resolve(run.kind().folder()).resolve(run.name());
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return to;
    }
}
