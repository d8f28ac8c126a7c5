package org.custodian.accesslog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who received a subject's data, from the access log, so that a correction can be passed on to them
 * (UK GDPR Art 19): every {@code EXPORT} entry naming the subject, and every entry of an API token
 * (a system outside Custodian) that read it. Entries are taken in the order they were made (time,
 * then sequence).
 */
public interface SubjectRecipients {

    /** The sequence of the latest {@code CREATE} or {@code UPDATE} entry naming the subject, if any. */
    Optional<Long> latestChange(UUID schoolId, UUID subjectId);

    /**
     * The recipients of the value the change logged as entry {@code changeSequence} replaced: those
     * that received the subject's data after the previous {@code CREATE} or {@code UPDATE} entry
     * naming it and before that change. Runs in (or opens) a transaction scoped to the school.
     */
    List<Recipient> beforeChange(UUID schoolId, UUID subjectId, long changeSequence);

    /**
     * One entry that passed the subject's data on. {@code kind} is {@code EXPORT} or {@code API_TOKEN};
     * {@code tokenLabel} names the API token where the actor is one the school still lists.
     */
    record Recipient(long sequence, Instant occurredAt, String kind, String action, UUID actorId, String actorRole,
                     String purpose, String tokenLabel) {
    }
}
