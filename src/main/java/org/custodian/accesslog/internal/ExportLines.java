package org.custodian.accesslog.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.custodian.accesslog.LoggedEntry;
import org.custodian.accesslog.OfflineAccessLogVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lines of an access-log export ({@value OfflineAccessLogVerifier#EXPORT_FORMAT}), one JSON object
 * each: a header with the school and its latest signed checkpoint, then one line per tree position in
 * order, the entry as stored (every field its leaf hash covers) or, for an entry removed at the end of
 * its retention period, the leaf hash alone.
 */
final class ExportLines {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ExportLines() {
    }

    static String header(UUID schoolId, String checkpointNote) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "header");
        line.put("format", OfflineAccessLogVerifier.EXPORT_FORMAT);
        line.put("school", schoolId.toString());
        line.put("checkpoint", checkpointNote);
        return JSON.writeValueAsString(line);
    }

    static String entry(long position, byte[] leafHash, LoggedEntry entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("format", entry.format());
        fields.put("schoolId", entry.schoolId().toString());
        fields.put("sequence", entry.sequence());
        fields.put("occurredAtMicros", ChronoUnit.MICROS.between(Instant.EPOCH, entry.occurredAt()));
        fields.put("actorId", entry.actorId());
        fields.put("actorRole", entry.actorRole());
        fields.put("action", entry.action());
        fields.put("purpose", entry.purpose());
        fields.put("subjectIds", entry.subjectIds());
        fields.put("fields", entry.fields());
        fields.put("reason", entry.reason() == null ? null : Base64.getEncoder().encodeToString(entry.reason()));
        fields.put("requestId", entry.requestId());
        fields.put("sourceIp", entry.sourceIp());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "entry");
        line.put("position", position);
        line.put("leafHash", Base64.getEncoder().encodeToString(leafHash));
        line.put("entry", fields);
        return JSON.writeValueAsString(line);
    }

    static String leaf(long position, byte[] leafHash) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "leaf");
        line.put("position", position);
        line.put("leafHash", Base64.getEncoder().encodeToString(leafHash));
        return JSON.writeValueAsString(line);
    }
}
