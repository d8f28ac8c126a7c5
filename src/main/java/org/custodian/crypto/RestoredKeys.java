package org.custodian.crypto;

/**
 * Decrypts with the keys of a restored key store instead of the live one: a restore drill checks
 * that what it restored opens (and that what the ledger erased does not), and a school-scoped restore
 * re-encrypts what it copies. Reads only; each cipher keeps the subject keys it opened (it lives for one
 * restore), nothing else is cached.
 */
public interface RestoredKeys {

    /**
     * A cipher that decrypts under the keys of the key database at {@code jdbcUrl}, logged in as its
     * owner (read in the platform scope). Encrypting is refused. A subject whose key is not there
     * fails with {@link SubjectErasedException}.
     */
    FieldCipher open(String jdbcUrl, String ownerUsername, String ownerPassword);
}
