package org.custodian.backups.internal;

import java.util.List;

/**
 * What a backup holds, written last and signed ({@code manifest.json} + {@code manifest.sig}). The
 * backup keyset is here, wrapped by the master key: with the master key file alone a restore can
 * open the files, and without it nobody can.
 *
 * @param format        {@value #FORMAT}
 * @param id            the backup's id (bound into every file's encryption)
 * @param kind          {@code DATA} or {@code KEYS}
 * @param wrappedKeyset base64 of the streaming-AEAD keyset, encrypted under master key {@code masterKeyId}
 */
@org.custodian.privacy.NoPersonalData("table names, counts, hashes and a wrapped keyset: no row of any table")
record Manifest(String format, String id, String kind, String reason, String name, String startedAt,
                String finishedAt, String flywayVersion, long masterKeyId, String wrappedKeyset,
                List<TableFile> tables) {

    static final String FORMAT = "custodian-backup/v1";
    static final String FILE = "manifest.json";
    static final String SIGNATURE_FILE = "manifest.sig";

    /** One table: its file, its rows, and the SHA-256 (hex) and length of the encrypted file. */
    record TableFile(String table, long rows, String file, String sha256, long bytes, String writtenAt) {
    }

    /** Detached Ed25519 signature over the exact bytes of {@code manifest.json}. */
    record Signature(String algorithm, String publicKey, String signature) {
    }

    long totalRows() {
        return tables.stream().mapToLong(TableFile::rows).sum();
    }

    long totalBytes() {
        return tables.stream().mapToLong(TableFile::bytes).sum();
    }
}
