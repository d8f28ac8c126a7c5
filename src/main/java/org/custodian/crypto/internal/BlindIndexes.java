package org.custodian.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfSet;

import org.custodian.crypto.BlindIndex;
import org.springframework.stereotype.Component;

/** Blind indexes under the school's PRF keyset; its unwrapped PRFs cached (bounded). */
@Component
class BlindIndexes implements BlindIndex {

    private static final int BLIND_INDEX_BYTES = 32;

    /** The school's searchable PRF keys, primary first, as stored at {@code changedAt}. */
    private record PrfKeys(Map<Long, Prf> prfs, long primaryKeyId, List<Long> searchKeyIds, Instant changedAt) {
        @Override
        public String toString() {
            return "PrfKeys[primary=" + primaryKeyId + "]";
        }
    }

    private final SchoolKeysets keysets;
    private final LruCache<UUID, PrfKeys> cache;

    BlindIndexes(SchoolKeysets keysets, Clock clock, MasterKeyProperties properties) {
        this.keysets = keysets;
        this.cache = new LruCache<>(Math.max(16, properties.keyCacheSize() / 10), properties.keyCacheMaxAge(), clock);
    }

    @Override
    public byte[] blindIndex(UUID schoolId, String purpose, String value) {
        PrfKeys keys = prfKeys(schoolId);
        return compute(keys.prfs().get(keys.primaryKeyId()), input(purpose, value));
    }

    @Override
    public List<byte[]> blindIndexes(UUID schoolId, String purpose, String value) {
        PrfKeys keys = prfKeys(schoolId);
        byte[] input = input(purpose, value);
        return keys.searchKeyIds().stream().map(id -> compute(keys.prfs().get(id), input)).toList();
    }

    @Override
    public long blindIndexKeyId(UUID schoolId) {
        return prfKeys(schoolId).primaryKeyId();
    }

    @Override
    public List<List<byte[]>> fingerprintIndexes(UUID schoolId, String purpose, List<String> values) {
        List<byte[]> inputs = values.stream().map(value -> input(purpose, value)).toList();
        try {
            var prfs = keysets.storedWithEveryKeyEnabled(schoolId, KeysetPurpose.PRF)
                    .getPrimitive(RegistryConfiguration.get(), PrfSet.class).getPrfs().values();
            return inputs.stream().map(input -> prfs.stream().map(prf -> compute(prf, input)).toList()).toList();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not use the school's blind-index keys", e);
        }
    }

    /** The ids of the school's PRF keys searches still use besides the primary (empty when no rotation is under way). */
    List<Long> olderKeyIds(UUID schoolId) {
        PrfKeys keys = prfKeys(schoolId);
        return keys.searchKeyIds().stream().filter(id -> id != keys.primaryKeyId()).toList();
    }

    void forget(UUID schoolId) {
        keysets.forget(schoolId, KeysetPurpose.PRF);
        cache.evict(schoolId);
    }

    /**
     * Blind indexes must follow a rotation or retirement made on any instance at once (a search
     * under a stale key set would miss rows): one primary-key lookup per call checks the cached set.
     */
    private PrfKeys prfKeys(UUID schoolId) {
        PrfKeys cached = cache.get(schoolId, this::load);
        Optional<KeyStore.KeysetVersion> stored = keysets.version(schoolId, KeysetPurpose.PRF);
        if (stored.isPresent() && (stored.get().primaryKeyId() != cached.primaryKeyId()
                || !Objects.equals(stored.get().changedAt(), cached.changedAt()))) {
            forget(schoolId);
            cached = cache.get(schoolId, this::load);
        }
        return cached;
    }

    private PrfKeys load(UUID schoolId) {
        keysets.forget(schoolId, KeysetPurpose.PRF);
        SchoolKeysets.Keyset keyset = keysets.get(schoolId, KeysetPurpose.PRF);
        Instant changedAt = keysets.version(schoolId, KeysetPurpose.PRF).map(KeyStore.KeysetVersion::changedAt).orElse(null);
        try {
            PrfSet set = keyset.handle().getPrimitive(RegistryConfiguration.get(), PrfSet.class);
            Map<Long, Prf> prfs = new LinkedHashMap<>();
            set.getPrfs().forEach((id, prf) -> prfs.put(Integer.toUnsignedLong(id), prf));
            List<Long> ids = new ArrayList<>();
            ids.add(keyset.primaryKeyId());
            prfs.keySet().stream().filter(id -> id != keyset.primaryKeyId()).sorted().forEach(ids::add);
            return new PrfKeys(prfs, keyset.primaryKeyId(), List.copyOf(ids), changedAt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not use the school's blind-index keys", e);
        }
    }

    private static byte[] input(String purpose, String value) {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("A blind-index purpose is 1-40 of a-z, 0-9 and '-'");
        }
        return ("custodian/blind-index/v1|" + purpose + "|" + BlindIndex.normalise(value)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] compute(Prf prf, byte[] input) {
        try {
            return prf.compute(input, BLIND_INDEX_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Blind index computation failed", e);
        }
    }

    @Override
    public String toString() {
        return "BlindIndexes[" + cache + "]";
    }
}
