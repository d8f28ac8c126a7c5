package org.custodian.backups;

import java.nio.file.Path;
import java.util.List;

/**
 * Checks a backup folder without writing anything: the manifest is present and signed by one of
 * this installation's signing keys, every file has its SHA-256, and every file decrypts (with the
 * backup keyset the manifest holds, unwrapped by the master key) to exactly the rows listed.
 * A restore runs this first, so it can refuse a backup before it writes a single row.
 */
public interface BackupVerifier {

    Result verify(Path backupDirectory);

    /** {@code problems} empty: the backup is whole; otherwise each entry is a reason it is refused. */
    record Result(Path directory, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }
}
