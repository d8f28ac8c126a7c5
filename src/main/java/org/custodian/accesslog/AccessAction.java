package org.custodian.accesslog;

/** What was done to the subjects' records. */
public enum AccessAction {
    READ, SEARCH, CREATE, UPDATE, EXPORT, ERASE
}
