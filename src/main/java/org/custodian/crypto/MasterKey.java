package org.custodian.crypto;

import java.util.List;

import com.google.crypto.tink.Aead;

/**
 * The key at the top of the hierarchy: it only ever wraps other keys, never personal data. A Tink
 * keyset that may hold several keys: the primary wraps, every key in the set unwraps.
 */
public interface MasterKey {

    /** The AEAD that wraps school and platform keysets (the current primary; decrypts under any key in the set). */
    Aead aead();

    /** The primary's AEAD and id, read together: what {@code aead()} wraps under carries this id. */
    Wrapping wrapping();

    record Wrapping(Aead aead, long keyId) {
        @Override
        public String toString() {
            return "Wrapping[" + keyId + "]";
        }
    }

    /** The id of the key that wraps from now on. */
    long primaryKeyId();

    /** Every key id in the set, the primary among them. */
    List<Long> keyIds();
}
