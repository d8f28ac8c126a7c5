package org.custodian.backups.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import org.custodian.backups.BackupKind;
import org.custodian.backups.BackupReason;
import org.custodian.crypto.MasterKey;
import org.custodian.crypto.SigningKeys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one backup folder from one snapshot: a file per table (binary COPY through streaming AEAD,
 * fsynced), then {@code manifest.sig}, then {@code manifest.json} last and atomically. A process
 * killed at any point before that rename leaves a folder without a manifest, which nothing takes
 * for a backup.
 */
@Component
class BackupWriter {

    private static final Pattern PLAIN = Pattern.compile("[a-z0-9_]{1,63}");

    private final MasterKey masterKey;
    private final SigningKeys signingKeys;
    private final JsonMapper json;
    private final Clock clock;
    private final ObjectProvider<BackupFaults> faults;

    BackupWriter(MasterKey masterKey, SigningKeys signingKeys, JsonMapper json, Clock clock,
                 ObjectProvider<BackupFaults> faults) {
        this.masterKey = masterKey;
        this.signingKeys = signingKeys;
        this.json = json;
        this.clock = clock;
        this.faults = faults;
    }

    Manifest write(Path directory, String id, String name, BackupKind kind, BackupReason reason, TableCopies snapshot,
                   List<String> tables) throws IOException, SQLException {
        String startedAt = clock.instant().toString();
        BackupFiles.createDirectory(directory);
        BackupCrypto.Keyset keyset;
        try {
            keyset = BackupCrypto.newKeyset(masterKey, id);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not make the backup's keyset", e);
        }
        String flywayVersion = snapshot.flywayVersion();
        List<Manifest.TableFile> files = new ArrayList<>();
        for (String table : tables) {
            String file = String.format("%03d-%s.copy.enc", files.size() + 1, PLAIN.matcher(table).matches() ? table : "table");
            Path path = directory.resolve(file);
            long rows;
            try (OutputStream out = keyset.aead().newEncryptingStream(BackupFiles.create(path),
                    BackupCrypto.fileAd(id, kind.name(), table))) {
                rows = snapshot.copy(table, out);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not encrypt a backup file", e);
            }
            files.add(new Manifest.TableFile(table, rows, file, BackupFiles.sha256(path), Files.size(path),
                    clock.instant().toString()));
            BackupFaults hook = faults.getIfAvailable();
            if (hook != null) {
                hook.afterTable(directory, table, files.size());
            }
        }
        BackupFiles.syncDirectory(directory);
        Manifest manifest = new Manifest(Manifest.FORMAT, id, kind.name(), reason.name(), name, startedAt,
                clock.instant().toString(), flywayVersion, keyset.masterKeyId(), keyset.wrapped(), List.copyOf(files));
        byte[] body = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        SigningKeys.Signed signed = signingKeys.sign(body);
        Base64.Encoder base64 = Base64.getEncoder();
        byte[] signature = json.writeValueAsBytes(new Manifest.Signature("Ed25519",
                base64.encodeToString(signed.publicKey()), base64.encodeToString(signed.signature())));
        BackupFiles.writeAtomically(directory.resolve(Manifest.SIGNATURE_FILE), signature);
        BackupFiles.writeAtomically(directory.resolve(Manifest.FILE), body);
        return manifest;
    }
}
