package org.custodian.backups.internal;

import org.custodian.database.BackupDatabase;
import org.springframework.beans.factory.ObjectProvider;

/** The backup role's login, or a clear refusal where an external database names none. */
final class BackupRole {

    private BackupRole() {
    }

    static BackupDatabase of(ObjectProvider<BackupDatabase> database) {
        BackupDatabase found = database.getIfAvailable();
        if (found == null) {
            // The application still starts: only backups wait for the operator (docs/backups.md).
            throw new IllegalStateException("Backups need the backup role's login: set custodian.database.backup.url, "
                    + ".username and .password (docs/backups.md)");
        }
        return found;
    }
}
