package org.custodian.crypto.internal;

import java.util.List;
import java.util.UUID;

import org.custodian.crypto.BlindIndexKeys;
import org.springframework.stereotype.Component;

@Component
class BlindIndexRotations implements BlindIndexKeys {

    private final KeyHierarchy keys;

    BlindIndexRotations(KeyHierarchy keys) {
        this.keys = keys;
    }

    @Override
    public long rotate(UUID schoolId) {
        return keys.rotateBlindIndexKey(schoolId);
    }

    @Override
    public List<Long> olderKeyIds(UUID schoolId) {
        return keys.olderBlindIndexKeyIds(schoolId);
    }

    @Override
    public void retireOlderKeys(UUID schoolId, boolean keepForFingerprints) {
        keys.retireOlderBlindIndexKeys(schoolId, keepForFingerprints);
    }
}
