package org.custodian.accesslog;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * An entry as stored, with the canonical form its hash covers. Text fields are kept as stored (the
 * verifier must hash whatever is in the table, even values no enum knows).
 *
 * <p>Canonical form, version 1: a sequence of items in this fixed order, each item a 4-byte
 * big-endian length followed by that many bytes (UTF-8 for text), length {@code -1} for null:
 * the tag {@code custodian.access-log.v1}, school id, sequence (decimal), occurred-at (microseconds
 * since the epoch, UTC, decimal), actor id, actor role, action, purpose, then the subject ids as a
 * 4-byte count followed by one item each, the fields likewise, then the reason (the ciphertext's
 * raw bytes), request id and source IP. UUIDs are lower-case with hyphens. The length prefixes make
 * the encoding unambiguous: no two different entries share a canonical form.
 *
 * <p>{@code entryHash = SHA-256(previousHash || canonicalForm)}; the first entry of a school has
 * 32 zero bytes as its previous hash.
 */
public record LoggedEntry(UUID schoolId, long sequence, Instant occurredAt, String actorId, String actorRole,
                          List<String> subjectIds, List<String> fields, String action, String purpose,
                          byte[] reason, String requestId, String sourceIp, byte[] previousHash, byte[] entryHash) {

    public static final String FORMAT_TAG = "custodian.access-log.v1";

    /** The previous hash of a school's first entry. */
    public static byte[] genesisHash() {
        return new byte[32];
    }

    /** An entry about to be appended at {@code sequence} with its encrypted reason (or null), its hash computed. */
    public static LoggedEntry of(AccessEntry entry, long sequence, Instant occurredAt, byte[] previousHash,
                                 byte[] reason) {
        LoggedEntry unhashed = new LoggedEntry(entry.schoolId(), sequence, occurredAt.truncatedTo(ChronoUnit.MICROS),
                entry.actorId().toString(), entry.actorRole(),
                entry.subjectIds().stream().map(UUID::toString).toList(), entry.fields(), entry.action().name(),
                entry.purpose(), reason, entry.requestId(), entry.sourceIp(), previousHash, null);
        return unhashed.withEntryHash(chainHash(previousHash, unhashed.canonicalForm()));
    }

    public LoggedEntry withEntryHash(byte[] hash) {
        return new LoggedEntry(schoolId, sequence, occurredAt, actorId, actorRole, subjectIds, fields, action, purpose,
                reason, requestId, sourceIp, previousHash, hash);
    }

    public byte[] canonicalForm() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        text(out, FORMAT_TAG);
        text(out, schoolId.toString());
        text(out, Long.toString(sequence));
        text(out, Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, occurredAt)));
        text(out, actorId);
        text(out, actorRole);
        text(out, action);
        text(out, purpose);
        list(out, subjectIds);
        list(out, fields);
        bytes(out, reason);
        text(out, requestId);
        text(out, sourceIp);
        return out.toByteArray();
    }

    /** SHA-256 over the previous entry's hash followed by this entry's canonical form. */
    public static byte[] chainHash(byte[] previousHash, byte[] canonicalForm) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previousHash);
            return sha256.digest(canonicalForm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static void list(ByteArrayOutputStream out, List<String> values) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(values.size()).array());
        values.forEach(value -> text(out, value));
    }

    private static void text(ByteArrayOutputStream out, String value) {
        bytes(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            out.writeBytes(value);
        }
    }

    @Override
    public String toString() {
        return "LoggedEntry[school=" + schoolId + ", sequence=" + sequence + ", action=" + action + "]";
    }
}
