package org.custodian.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Associated data of every wrap and every field: fixed-length ids, the free-form name last, so no
 * two bindings collide and nothing can be moved between schools, subjects or fields.
 */
final class KeyBindings {

    private KeyBindings() {
    }

    static byte[] schoolKeyset(UUID schoolId, KeysetPurpose purpose) {
        return ("custodian/school-keyset/v1|" + purpose + "|" + schoolId).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] subjectKey(UUID schoolId, UUID subjectId) {
        return ("custodian/subject-key/v1|" + schoolId + "|" + subjectId).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] field(UUID schoolId, UUID subjectId, String field) {
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException("A field name is required");
        }
        return ("custodian/field/v1|" + schoolId + "|" + subjectId + "|" + field).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A keyset created inside a transaction that then rolls back was never stored: it must not stay
     * cached, or data encrypted under it later would be lost with the cache.
     */
    static void forgetIfRolledBack(Runnable forget) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        forget.run();
                    }
                }
            });
        }
    }
}
