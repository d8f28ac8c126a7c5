package org.custodian.retention;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a school's purge deleted, per retention category ({@link RetentionCategory} name, or
 * {@code UNCATEGORISED}): how many rows, and the SHA-256 (hex) of the category's deleted ids as text,
 * sorted, joined by newlines (tables without an id column are counted only). No personal data.
 */
public record PurgeReport(UUID schoolId, Instant purgedAt, List<Count> counts) {

    public PurgeReport {
        counts = List.copyOf(counts);
    }

    public long total() {
        return counts.stream().mapToLong(Count::deleted).sum();
    }

    public record Count(String category, long deleted, String idsSha256) {
    }
}
