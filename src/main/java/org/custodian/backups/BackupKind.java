package org.custodian.backups;

/** Data backups never hold the key tables; key backups hold only them, kept apart and for less long. */
public enum BackupKind {
    DATA, KEYS;

    /** The folder of this kind under each destination. */
    public String folder() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
