package org.custodian.crypto.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.custodian.crypto.ErasureLedger;
import org.springframework.stereotype.Component;

@Component
class KeyStoreErasureLedger implements ErasureLedger {

    private final KeyStore store;

    KeyStoreErasureLedger(KeyStore store) {
        this.store = store;
    }

    @Override
    public Set<UUID> erased(UUID schoolId, Collection<UUID> subjectIds) {
        return store.inSchool(schoolId, () -> {
            Set<UUID> erased = new HashSet<>();
            for (UUID subject : subjectIds) {
                if (store.isErased(schoolId, subject)) {
                    erased.add(subject);
                }
            }
            return erased;
        });
    }
}
