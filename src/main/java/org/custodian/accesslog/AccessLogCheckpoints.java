package org.custodian.accesslog;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A school's latest signed checkpoint of its access log, for statements about the log. */
public interface AccessLogCheckpoints {

    /** The newest checkpoint, or empty before the first entry was integrated and signed. */
    Optional<Latest> latest(UUID schoolId);

    /** How many entries the signed tree holds, its root hash (base64) and when it was signed. */
    record Latest(long treeSize, String rootHash, Instant signedAt) {
    }
}
