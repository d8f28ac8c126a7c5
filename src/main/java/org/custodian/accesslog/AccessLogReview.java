package org.custodian.accesslog;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reviewing a school's access log: filtered, newest first, paged by sequence number, with each
 * entry's flags, its decrypted reason and its review; and marking an entry reviewed with a note.
 */
public interface AccessLogReview {

    /** The most entries one page holds. */
    int MAX_LIMIT = 500;

    Page search(UUID schoolId, Query query);

    /** How many entries carry a flag and have not been reviewed. */
    long unreviewedFlagged(UUID schoolId);

    /**
     * Records that {@code reviewerId} reviewed the entry, with a note encrypted under the reviewer's
     * own staff data key. Refuses an unknown sequence ({@code entry-not-found}) and an entry already
     * reviewed ({@code already-reviewed}).
     */
    Review markReviewed(UUID schoolId, long sequence, UUID reviewerId, String note);

    /**
     * Records one review, with one note, for every entry chosen (at most {@link #MAX_LIMIT}), all or
     * nothing: an unknown sequence refuses the lot ({@code entry-not-found}). Entries someone else
     * reviewed meanwhile keep that review; the answer counts those newly marked.
     */
    int markReviewed(UUID schoolId, java.util.Collection<Long> sequences, UUID reviewerId, String note);

    /**
     * Filters (null = any). {@code from} inclusive, {@code to} exclusive; {@code before} is the
     * cursor: only entries with a smaller sequence number.
     */
    record Query(UUID actorId, UUID pupilId, String purpose, AccessAction action, Instant from, Instant to,
                 AccessFlag flag, boolean unreviewedOnly, Long before, int limit) {

        public Query {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
            }
        }

        public static Query newest(int limit) {
            return new Query(null, null, null, null, null, null, null, false, null, limit);
        }

        public Query withBefore(Long cursor) {
            return new Query(actorId, pupilId, purpose, action, from, to, flag, unreviewedOnly, cursor, limit);
        }
    }

    /** One page; {@code next} is the cursor for the following (older) page, null on the last one. */
    record Page(List<Entry> entries, Long next) {
    }

    /**
     * An entry as a reviewer sees it. {@code reason} is the decrypted reason, null when none was given
     * or when it can no longer be read: {@code reasonErased} says the subject was crypto-shredded.
     */
    record Entry(long sequence, Instant occurredAt, UUID actorId, String actorRole, List<UUID> subjectIds,
                 List<String> fields, String action, String purpose, String reason, boolean reasonErased,
                 String requestId, String sourceIp, Set<AccessFlag> flags, Review review) {

        @Override
        public String toString() {
            return "Entry[sequence=" + sequence + ", action=" + action + ", flags=" + flags + "]";
        }
    }

    /** A review; {@code note} decrypted, null when the reviewer's key was destroyed. */
    record Review(UUID reviewedBy, Instant reviewedAt, String note) {

        @Override
        public String toString() {
            return "Review[by=" + reviewedBy + ", at=" + reviewedAt + "]";
        }
    }
}
