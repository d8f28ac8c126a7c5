package org.custodian.accesslog;

/** Appends to a school's access log. */
public interface AccessLog {

    /**
     * Appends the entry in the caller's transaction (there must be one, scoped to the entry's
     * school), so the entry commits if and only if the access it records does. No lock is taken:
     * concurrent appends of one school proceed side by side, and the sequencer gives the entry its
     * tree position once it has committed.
     *
     * @return the entry as stored: its sequence, time and reason ciphertext (its leaf hash follows from them)
     * @throws org.springframework.transaction.IllegalTransactionStateException outside a transaction
     */
    LoggedEntry append(AccessEntry entry);
}
