package org.custodian.accesslog;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import org.custodian.crypto.FieldCipher;

/**
 * One access to be logged. Ids and codes only: personal detail belongs in {@code reason} (null when
 * none was given), which {@link AccessLog#append} encrypts with {@link #reasonKeySubject() its key
 * subject's} data key, bound to the entry's sequence ({@link #reasonField}), before it is stored.
 * The time, sequence and hashes are added by {@link AccessLog#append}.
 */
public record AccessEntry(UUID schoolId, UUID actorId, String actorRole, List<UUID> subjectIds,
                          List<String> fields, AccessAction action, String purpose, String reason,
                          String requestId, String sourceIp) {

    /** Codes (role, purpose, field/category) are short identifiers, never free text. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public AccessEntry {
        Objects.requireNonNull(schoolId, "school id is required");
        Objects.requireNonNull(actorId, "actor id is required");
        Objects.requireNonNull(action, "action is required");
        requireCode(actorRole, "actor role");
        requireCode(purpose, "purpose");
        subjectIds = List.copyOf(Objects.requireNonNull(subjectIds, "subject ids are required"));
        fields = List.copyOf(Objects.requireNonNull(fields, "fields are required"));
        fields.forEach(field -> requireCode(field, "field"));
        if (requestId != null && requestId.length() > 200) {
            throw new IllegalArgumentException("request id must be at most 200 characters");
        }
        if (sourceIp != null && sourceIp.length() > 64) {
            throw new IllegalArgumentException("source IP must be at most 64 characters");
        }
    }

    /** The field name of reasons, before each was bound to its entry ({@link #reasonField}). */
    public static final String REASON_FIELD = "access-log.reason";

    /**
     * The field name the reason of the school's entry {@code sequence} is encrypted under: the AEAD's
     * associated data names the school, the key subject and this, so a reason copied to another entry
     * is refused. Entries written before reasons were bound use {@link #REASON_FIELD}.
     */
    public static String reasonField(long sequence) {
        return FieldCipher.recordField(REASON_FIELD, sequence);
    }

    /**
     * Whose data key encrypts the reason: the one subject's when the entry concerns exactly one
     * (shredding that subject makes the reason unreadable along with the rest of their data), else
     * the actor's own staff key (a reason for a search, a bulk read, an erasure or a re-admission is
     * the actor's statement; an erasure's reason must outlive the erased subject's key, and a
     * re-admission's subject is a tombstone, which has no key).
     */
    public static UUID reasonKeySubject(AccessAction action, UUID actorId, List<UUID> subjectIds) {
        return subjectIds.size() == 1 && action != AccessAction.ERASE && action != AccessAction.READMIT
                ? subjectIds.get(0) : actorId;
    }

    /** Whose data key encrypts this entry's reason (see {@link #reasonKeySubject(AccessAction, UUID, List)}). */
    public UUID reasonKeySubject() {
        return reasonKeySubject(action, actorId, subjectIds);
    }

    private static void requireCode(String value, String what) {
        if (value == null || !CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be a code of 1 to 64 letters, digits or _.:-");
        }
    }

    @Override
    public String toString() {
        return "AccessEntry[action=" + action + ", purpose=" + purpose + ", subjects=" + subjectIds.size() + "]";
    }
}
