package org.custodian.support;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;

import com.google.crypto.tink.subtle.Ed25519Sign;

import org.custodian.crypto.SigningKeys;
import org.springframework.boot.test.context.TestComponent;

/** Until the crypto module's signing keys land: one in-memory Ed25519 key. */
@TestComponent
public class ProvisionalSigningKeys implements SigningKeys {

    private final Ed25519Sign.KeyPair pair;
    private final Ed25519Sign signer;

    public ProvisionalSigningKeys() throws GeneralSecurityException {
        pair = Ed25519Sign.KeyPair.newKeyPair();
        signer = new Ed25519Sign(pair.getPrivateKey());
    }

    @Override
    public Signed sign(byte[] message) {
        try {
            return new Signed(signer.sign(message), pair.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<PublicKey> publicKeys() {
        return List.of(new PublicKey(pair.getPublicKey(), Instant.EPOCH, null));
    }
}
