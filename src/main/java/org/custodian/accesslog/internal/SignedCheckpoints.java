package org.custodian.accesslog.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.custodian.accesslog.internal.tree.Checkpoint;
import org.custodian.accesslog.internal.tree.SignedNote;
import org.custodian.accesslog.internal.tree.SignedNote.VerifierKey;
import org.custodian.crypto.SigningKeys;
import org.custodian.web.PublicAddress;
import org.springframework.stereotype.Component;

/**
 * Checkpoints signed with the installation's Ed25519 signing key. The origin names the installation
 * (the host of {@code custodian.public-url}) and the school: {@code <host>/access-log/<school id>};
 * the key is named {@code <host>/access-log}. Verification accepts every key the installation has
 * used, so checkpoints signed before a rotation still verify.
 */
@Component
class SignedCheckpoints implements CheckpointSignatures {

    private final SigningKeys keys;
    private final String installation;

    SignedCheckpoints(SigningKeys keys, PublicAddress address) {
        this.keys = keys;
        String host = address.publicUrl().getHost();
        int port = address.publicUrl().getPort();
        this.installation = (host == null ? "localhost" : host) + (port > 0 && port != 443 ? ":" + port : "");
    }

    String origin(UUID schoolId) {
        return installation + "/access-log/" + schoolId;
    }

    String keyName() {
        return installation + "/access-log";
    }

    /** Every verifier key of the installation, the current one last. */
    List<VerifierKey> verifierKeys() {
        return keys.publicKeys().stream().map(key -> new VerifierKey(keyName(), key.publicKey())).toList();
    }

    @Override
    public String sign(UUID schoolId, long size, byte[] root) {
        String body = new Checkpoint(origin(schoolId), size, root).body();
        SigningKeys.Signed signed = keys.sign(body.getBytes(StandardCharsets.UTF_8));
        return SignedNote.sign(body, new VerifierKey(keyName(), signed.publicKey()), signed.signature());
    }

    @Override
    public boolean verifies(String note, UUID schoolId, long size, byte[] root) {
        Optional<Checkpoint> stated = open(note, schoolId);
        return stated.isPresent() && stated.get().size() == size && Arrays.equals(stated.get().root(), root);
    }

    @Override
    public Optional<Checkpoint> open(String note, UUID schoolId) {
        if (note == null) {
            return Optional.empty();
        }
        // Saved copies may have passed through mail clients that turn line ends into CRLF.
        return SignedNote.open(note.replace("\r\n", "\n"), verifierKeys()).flatMap(Checkpoint::parse)
                .filter(checkpoint -> checkpoint.origin().equals(origin(schoolId)));
    }
}
