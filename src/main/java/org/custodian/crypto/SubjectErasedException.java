package org.custodian.crypto;

/** The subject's data key was destroyed (crypto-shredded): none of their ciphertexts can be read again. */
public class SubjectErasedException extends RuntimeException {

    public SubjectErasedException() {
        super("The subject's data key has been destroyed; the data cannot be decrypted");
    }
}
