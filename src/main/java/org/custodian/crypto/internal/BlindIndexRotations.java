package org.custodian.crypto.internal;

import java.util.List;
import java.util.UUID;

import org.custodian.crypto.BlindIndexKeys;
import org.springframework.stereotype.Component;

@Component
class BlindIndexRotations implements BlindIndexKeys {

    private final SchoolKeysets keysets;
    private final BlindIndexes indexes;

    BlindIndexRotations(SchoolKeysets keysets, BlindIndexes indexes) {
        this.keysets = keysets;
        this.indexes = indexes;
    }

    @Override
    public long rotate(UUID schoolId) {
        long primary = keysets.rotate(schoolId, KeysetPurpose.PRF);
        indexes.forget(schoolId);
        return primary;
    }

    @Override
    public List<Long> olderKeyIds(UUID schoolId) {
        return indexes.olderKeyIds(schoolId);
    }

    @Override
    public void retireOlderKeys(UUID schoolId, boolean keepForFingerprints) {
        keysets.retireOlderKeys(schoolId, KeysetPurpose.PRF, keepForFingerprints);
        indexes.forget(schoolId);
    }
}
