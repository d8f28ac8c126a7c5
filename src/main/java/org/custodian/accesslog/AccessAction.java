package org.custodian.accesslog;

/** What was done to the subjects' records. */
public enum AccessAction {
    READ, SEARCH, CREATE, UPDATE, EXPORT, ERASE,
    /** An erased pupil's tombstone lifted by the DPO, so the pupil can be added again; the subject is the tombstone. */
    READMIT
}
