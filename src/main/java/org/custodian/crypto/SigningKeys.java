package org.custodian.crypto;

import java.time.Instant;
import java.util.List;

/** Provisional: replaced by the crypto module's signing keys when they land. */
public interface SigningKeys {

    Signed sign(byte[] message);

    List<PublicKey> publicKeys();

    record Signed(byte[] signature, byte[] publicKey) {
    }

    record PublicKey(byte[] key, Instant createdAt, Instant retiredAt) {
    }
}
