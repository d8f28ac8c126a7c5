package org.custodian.accesslog;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.custodian.accesslog.internal.tree.MerkleHash;

/**
 * An entry as stored, with the canonical form its leaf hash covers. Text fields are kept as stored
 * (the verifier must hash whatever is in the table, even values no enum knows).
 *
 * <p>Canonical form: a sequence of items in this fixed order, each item a 4-byte big-endian length
 * followed by that many bytes (UTF-8 for text), length {@code -1} for null: the format tag, school
 * id, sequence (decimal), occurred-at (microseconds since the epoch, UTC, decimal), actor id, actor
 * role, action, purpose, then the subject ids as a 4-byte count followed by one item each, the fields
 * likewise, then the reason (the ciphertext's raw bytes), request id and source IP. UUIDs are
 * lower-case with hyphens. The length prefixes make the encoding unambiguous: no two different
 * entries share a canonical form.
 *
 * <p>Format {@value #FORMAT_TREE} ({@code custodian.access-log.v2}): the sequence is the entry's
 * number across the installation, drawn when it is appended (unique, increasing, with gaps); its
 * place in the school's tree is assigned later. Format {@value #FORMAT_CHAINED}
 * ({@code custodian.access-log.v1}): entries written when each school's log was a hash chain, numbered
 * 1, 2, 3… per school; the same layout under the older tag.
 *
 * <p>{@code leafHash = SHA-256(0x00 || canonicalForm)}, the RFC 9162 leaf hash of the school's tree.
 */
public record LoggedEntry(UUID schoolId, long sequence, int format, Instant occurredAt, String actorId,
                          String actorRole, List<String> subjectIds, List<String> fields, String action,
                          String purpose, byte[] reason, String requestId, String sourceIp) {

    public static final int FORMAT_CHAINED = 1;
    public static final int FORMAT_TREE = 2;

    private static final String[] FORMAT_TAGS = {null, "custodian.access-log.v1", "custodian.access-log.v2"};

    public LoggedEntry {
        if (format != FORMAT_CHAINED && format != FORMAT_TREE) {
            throw new IllegalArgumentException("unknown access-log entry format " + format);
        }
    }

    /** An entry about to be appended at {@code sequence}, with its encrypted reason (or null). */
    public static LoggedEntry of(AccessEntry entry, long sequence, Instant occurredAt, byte[] reason) {
        return new LoggedEntry(entry.schoolId(), sequence, FORMAT_TREE, occurredAt.truncatedTo(ChronoUnit.MICROS),
                entry.actorId().toString(), entry.actorRole(),
                entry.subjectIds().stream().map(UUID::toString).toList(), entry.fields(), entry.action().name(),
                entry.purpose(), reason, entry.requestId(), entry.sourceIp());
    }

    public byte[] canonicalForm() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        text(out, FORMAT_TAGS[format]);
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

    /** The entry's leaf hash in its school's Merkle tree. */
    public byte[] leafHash() {
        return MerkleHash.leaf(canonicalForm());
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
