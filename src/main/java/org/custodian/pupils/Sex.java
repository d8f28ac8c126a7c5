package org.custodian.pupils;

/** The DfE sex codes (CTF {@code Sex}, formerly {@code Gender}). */
public enum Sex {
    M, F
}
