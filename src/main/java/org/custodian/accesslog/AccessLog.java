package org.custodian.accesslog;

/** Appends to a school's access log. */
public interface AccessLog {

    /**
     * Appends the entry in the caller's transaction (there must be one, scoped to the entry's
     * school), so the entry commits if and only if the access it records does. Appends of one
     * school are serialised until that transaction ends.
     *
     * @return the entry as stored: its sequence, time and hashes
     * @throws org.springframework.transaction.IllegalTransactionStateException outside a transaction
     */
    LoggedEntry append(AccessEntry entry);
}
