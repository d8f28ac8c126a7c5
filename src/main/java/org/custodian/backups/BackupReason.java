package org.custodian.backups;

/** Why a backup was taken. */
public enum BackupReason {
    /** The daily schedule. */
    DAILY,
    /** A school admin was added, removed or changed role (a snapshot, debounced). */
    ADMIN_CHANGE,
    /** An operator asked for one. */
    MANUAL
}
