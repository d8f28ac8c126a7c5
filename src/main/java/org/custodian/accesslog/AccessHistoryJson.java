package org.custodian.accesslog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.accesslog.SubjectAccessHistory.History;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A subject's access history as the JSON document of an access bundle
 * ({@value OfflineAccessLogVerifier#BUNDLE_FORMAT}): the signed checkpoint note, and each entry as
 * stored (every field its leaf hash covers, as in the log export) with its tree position, leaf hash
 * and inclusion proof; entries not yet in a checkpoint under {@code pending}. The decrypted reason,
 * where the subject may read it, sits beside the entry, outside what is hashed.
 */
public final class AccessHistoryJson {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private AccessHistoryJson() {
    }

    public static String write(History history, UUID subjectId) {
        Base64.Encoder b64 = Base64.getEncoder();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", OfflineAccessLogVerifier.BUNDLE_FORMAT);
        doc.put("school", history.schoolId().toString());
        doc.put("subject", subjectId.toString());
        doc.put("treeSize", history.treeSize());
        doc.put("checkpoint", history.checkpointNote());
        doc.put("entries", history.sequenced().stream().map(e -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("position", e.position());
            item.put("leafHash", b64.encodeToString(e.leafHash()));
            item.put("proof", e.proof().stream().map(b64::encodeToString).toList());
            item.put("entry", entryFields(e.entry()));
            item.put("reasonText", e.reason());
            return item;
        }).toList());
        doc.put("pending", history.pending().stream().map(e -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("entry", entryFields(e.entry()));
            item.put("reasonText", e.reason());
            return item;
        }).toList());
        return JSON.writeValueAsString(doc);
    }

    /** The entry's fields under the names of the log export, so both are read the same way. */
    public static Map<String, Object> entryFields(LoggedEntry entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("format", entry.format());
        fields.put("schoolId", entry.schoolId().toString());
        fields.put("sequence", entry.sequence());
        fields.put("occurredAtMicros", ChronoUnit.MICROS.between(Instant.EPOCH, entry.occurredAt()));
        fields.put("actorId", entry.actorId());
        fields.put("actorRole", entry.actorRole());
        fields.put("action", entry.action());
        fields.put("purpose", entry.purpose());
        fields.put("subjectIds", new java.util.ArrayList<>(entry.subjectIds()));
        fields.put("fields", new java.util.ArrayList<>(entry.fields()));
        fields.put("reason", entry.reason() == null ? null : Base64.getEncoder().encodeToString(entry.reason()));
        fields.put("requestId", entry.requestId());
        fields.put("sourceIp", entry.sourceIp());
        return fields;
    }
}
