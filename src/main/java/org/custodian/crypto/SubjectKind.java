package org.custodian.crypto;

/** Whose personal data a data key protects. */
public enum SubjectKind {
    PUPIL, STAFF
}
