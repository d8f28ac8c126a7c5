package org.custodian.accesslog;

/** What was done to the subjects' records. */
public enum AccessAction {
    READ, SEARCH, CREATE, UPDATE, EXPORT, ERASE,
    /** An erased pupil's tombstone lifted by the DPO, so the pupil can be added again; the subject is the tombstone. */
    READMIT,
    /**
     * An import that had begun comparing the file's pupils with the school's records failed, and
     * everything it did rolled back. No subjects; its fields say how many pupils it compared
     * ({@code import.compared:<n>}) and why it failed ({@code import.failed:<problem code>}).
     */
    IMPORT_FAILED
}
