package org.custodian.crypto;

import com.google.crypto.tink.Aead;

/** The key at the top of the hierarchy: it only ever wraps other keys, never personal data. */
public interface MasterKey {

    /** The AEAD that wraps school keysets. */
    Aead aead();
}
