package org.custodian.backups.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.subtle.Ed25519Verify;

import org.custodian.backups.BackupVerifier;
import org.custodian.crypto.MasterKey;
import org.custodian.crypto.SigningKeys;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a backup folder and writes nothing. Order: manifest present, signature by one of this
 * installation's keys, backup keyset opens under the master key, then each file's length and
 * SHA-256, and finally each file decrypts to a whole binary COPY of exactly the listed rows.
 */
@Component
class SignedBackupVerifier implements BackupVerifier {

    /** PGCOPY\n\377\r\n\0 */
    private static final byte[] COPY_SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    private final MasterKey masterKey;
    private final SigningKeys signingKeys;
    private final JsonMapper json;

    SignedBackupVerifier(MasterKey masterKey, SigningKeys signingKeys, JsonMapper json) {
        this.masterKey = masterKey;
        this.signingKeys = signingKeys;
        this.json = json;
    }

    @Override
    public Result verify(Path directory) {
        return verify(directory, publicKey -> signingKeys.publicKeys().stream()
                .anyMatch(key -> Arrays.equals(key.publicKey(), publicKey)));
    }

    /**
     * As {@link #verify(Path)}, trusting the signing keys {@code trusted} accepts. A restore with no
     * running installation (its database lost) trusts any key whose signature verifies: the backup is
     * then bound to this installation by its keyset, which only this master key opens.
     */
    Result verify(Path directory, java.util.function.Predicate<byte[]> trusted) {
        List<String> problems = new ArrayList<>();
        try {
            check(directory, problems, trusted);
        } catch (IOException | RuntimeException e) {
            problems.add("The backup could not be read (" + e.getClass().getSimpleName() + ")");
        }
        return new Result(directory, List.copyOf(problems));
    }

    private void check(Path directory, List<String> problems, java.util.function.Predicate<byte[]> trusted) throws IOException {
        Path manifestFile = directory.resolve(Manifest.FILE);
        if (!Files.isRegularFile(manifestFile)) {
            problems.add("No manifest: the backup did not finish, so it is not a backup");
            return;
        }
        byte[] body = Files.readAllBytes(manifestFile);
        Path signatureFile = directory.resolve(Manifest.SIGNATURE_FILE);
        if (!Files.isRegularFile(signatureFile)) {
            problems.add("The manifest has no signature");
            return;
        }
        Manifest.Signature signature = json.readValue(Files.readAllBytes(signatureFile), Manifest.Signature.class);
        byte[] publicKey = Base64.getDecoder().decode(signature.publicKey());
        if (!trusted.test(publicKey)) {
            problems.add("The manifest is signed by a key that is not one of this installation's signing keys "
                    + "(a backup of another installation, or a forged one)");
            return;
        }
        try {
            new Ed25519Verify(publicKey).verify(Base64.getDecoder().decode(signature.signature()), body);
        } catch (GeneralSecurityException e) {
            problems.add("The manifest's signature does not verify: the manifest was altered");
            return;
        }
        Manifest manifest = json.readValue(body, Manifest.class);
        if (!Manifest.FORMAT.equals(manifest.format())) {
            problems.add("Unknown backup format " + manifest.format());
            return;
        }
        StreamingAead aead;
        try {
            aead = BackupCrypto.unwrap(masterKey, manifest.id(), manifest.wrappedKeyset());
        } catch (GeneralSecurityException e) {
            problems.add("The backup's keyset does not open with this master key (master key id "
                    + manifest.masterKeyId() + ")");
            return;
        }
        Map<String, String> tableByHash = new HashMap<>();
        manifest.tables().forEach(table -> tableByHash.put(table.sha256(), table.table()));
        for (Manifest.TableFile table : manifest.tables()) {
            Path file = directory.resolve(table.file());
            if (!file.normalize().getParent().equals(directory.normalize()) || !Files.isRegularFile(file)) {
                problems.add("Table " + table.table() + ": its file " + table.file() + " is missing");
                continue;
            }
            String sha256 = BackupFiles.sha256(file);
            if (!sha256.equals(table.sha256())) {
                String other = tableByHash.get(sha256);
                long size = Files.size(file);
                if (other != null) {
                    problems.add("Table " + table.table() + ": its file holds table " + other
                            + "'s data (files swapped or re-ordered)");
                } else if (size < table.bytes()) {
                    problems.add("Table " + table.table() + ": its file is truncated (" + size + " of "
                            + table.bytes() + " bytes)");
                } else {
                    problems.add("Table " + table.table() + ": its file was altered (SHA-256 differs from the manifest)");
                }
                continue;
            }
            try (InputStream in = aead.newDecryptingStream(Files.newInputStream(file),
                    BackupCrypto.fileAd(manifest.id(), manifest.kind(), table.table()))) {
                long rows = countRows(in);
                if (rows != table.rows()) {
                    problems.add("Table " + table.table() + ": " + rows + " rows where the manifest lists " + table.rows());
                }
            } catch (GeneralSecurityException | IOException e) {
                problems.add("Table " + table.table() + ": its file does not decrypt as this table's file");
            }
        }
    }

    /** The manifest as written (checked by {@link #verify} first). */
    Manifest manifest(Path directory) throws IOException {
        return json.readValue(Files.readAllBytes(directory.resolve(Manifest.FILE)), Manifest.class);
    }

    /** Decrypts one table's file (of a verified backup). */
    InputStream open(Path directory, Manifest manifest, Manifest.TableFile table) throws IOException {
        try {
            StreamingAead aead = BackupCrypto.unwrap(masterKey, manifest.id(), manifest.wrappedKeyset());
            return aead.newDecryptingStream(Files.newInputStream(directory.resolve(table.file())),
                    BackupCrypto.fileAd(manifest.id(), manifest.kind(), table.table()));
        } catch (GeneralSecurityException e) {
            throw new IOException("The backup's keyset does not open with this master key", e);
        }
    }

    /** Rows of a binary COPY stream, read to its trailer (a stream cut short fails). */
    static long countRows(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stream, 1 << 16));
        byte[] signature = new byte[COPY_SIGNATURE.length];
        in.readFully(signature);
        if (!Arrays.equals(signature, COPY_SIGNATURE)) {
            throw new IOException("not a binary COPY");
        }
        in.readInt(); // flags
        in.skipNBytes(in.readInt()); // header extension
        long rows = 0;
        while (true) {
            short fields = in.readShort();
            if (fields == -1) {
                if (in.read() != -1) {
                    throw new IOException("data after the trailer");
                }
                return rows;
            }
            for (int i = 0; i < fields; i++) {
                int length = in.readInt();
                if (length > 0) {
                    in.skipNBytes(length);
                }
            }
            rows++;
        }
    }

}
