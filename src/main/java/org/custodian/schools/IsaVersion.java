package org.custodian.schools;

import java.time.Instant;
import java.util.UUID;

/** A published Information Sharing Agreement text; its content hash identifies it. */
public record IsaVersion(UUID id, int version, String title, String body, String contentHash,
                         Instant publishedAt) {

    @Override
    public String toString() {
        return "IsaVersion[version=" + version + ", hash=" + contentHash + "]";
    }
}
