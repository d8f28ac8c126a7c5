package org.custodian.crypto;

/**
 * A ciphertext failed authentication: it was altered, or it belongs to another school, subject or
 * field (associated data mismatch). The message names the rule, never the data.
 */
public class CiphertextRejectedException extends RuntimeException {

    public CiphertextRejectedException(Throwable cause) {
        super("The ciphertext was altered or does not belong to this school, subject and field", cause);
    }
}
