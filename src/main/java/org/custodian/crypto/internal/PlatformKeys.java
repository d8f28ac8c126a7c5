package org.custodian.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;

import org.custodian.crypto.BlindIndex;
import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.MasterKey;
import org.custodian.crypto.PlatformCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * master key → platform keysets (AEAD, PRF) → fields of records that belong to no school. Same
 * shapes as {@link SchoolKeysets}: wrapped keysets in {@code platform_keyset}, created on first use,
 * every wrap and field bound by associated data; the unwrapped primitives are cached.
 */
@Component
class PlatformKeys implements PlatformCipher {

    private static final int BLIND_INDEX_BYTES = 32;

    private enum Purpose {
        AEAD(PredefinedAeadParameters.AES256_GCM, Aead.class), PRF(PredefinedPrfParameters.HMAC_SHA256_PRF, PrfSet.class);

        final Parameters parameters;
        final Class<?> primitive;

        Purpose(Parameters parameters, Class<?> primitive) {
            this.parameters = parameters;
            this.primitive = primitive;
        }
    }

    private final MasterKey masterKey;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final LruCache<Purpose, Object> primitives;

    PlatformKeys(MasterKey masterKey, JdbcClient jdbc, Clock clock, MasterKeyProperties properties)
            throws GeneralSecurityException {
        AeadConfig.register();
        PrfConfig.register();
        this.masterKey = masterKey;
        this.jdbc = jdbc;
        this.clock = clock;
        this.primitives = new LruCache<>(Purpose.values().length, properties.keyCacheMaxAge(), clock);
    }

    @Override
    public byte[] encrypt(UUID recordId, String field, byte[] plaintext) {
        try {
            return aead().encrypt(plaintext, fieldAd(recordId, field));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Field encryption failed", e);
        }
    }

    @Override
    public byte[] decrypt(UUID recordId, String field, byte[] ciphertext) {
        try {
            return aead().decrypt(ciphertext, fieldAd(recordId, field));
        } catch (GeneralSecurityException e) {
            throw new CiphertextRejectedException(e);
        }
    }

    @Override
    public byte[] blindIndex(String purpose, String value) {
        if (purpose == null || !BlindIndex.PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("A blind-index purpose is 1-40 of a-z, 0-9 and '-'");
        }
        PrfSet prf = (PrfSet) primitives.get(Purpose.PRF, this::load);
        byte[] input = ("custodian/platform-blind-index/v1|" + purpose + "|" + BlindIndex.normalise(value))
                .getBytes(StandardCharsets.UTF_8);
        try {
            return prf.computePrimary(input, BLIND_INDEX_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Blind index computation failed", e);
        }
    }

    /** The platform AEAD keyset (also wraps sealed files' keys). */
    Aead aead() {
        return (Aead) primitives.get(Purpose.AEAD, this::load);
    }

    /** Re-wraps the platform keysets not under the primary master key; skips rows another instance holds. */
    int rewrapUnderMasterKey() {
        MasterKey.Wrapping master = masterKey.wrapping();
        record Stale(String purpose, byte[] wrapped) {
        }
        List<Stale> rows = jdbc.sql("""
                select purpose, wrapped_keyset from platform_keyset
                where master_key_id is distinct from ? for update skip locked""")
                .param(master.keyId()).query((rs, n) -> new Stale(rs.getString(1), rs.getBytes(2))).list();
        for (Stale row : rows) {
            Purpose purpose = Purpose.valueOf(row.purpose());
            try {
                KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(row.wrapped(), master.aead(), keysetAd(purpose));
                jdbc.sql("update platform_keyset set wrapped_keyset = ?, master_key_id = ? where purpose = ?")
                        .params(TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, master.aead(), keysetAd(purpose)),
                                master.keyId(), purpose.name())
                        .update();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not re-wrap a platform keyset", e);
            }
        }
        return rows.size();
    }

    /** How many platform keysets are wrapped under another master key than {@code primary} (or an unrecorded one). */
    long keysetsNotUnderMasterKey(long primary) {
        return jdbc.sql("select count(*) from platform_keyset where master_key_id is distinct from ?")
                .param(primary).query(Long.class).single();
    }

    /** The platform keyset of this purpose, created (and wrapped by the master key) on first use. */
    private Object load(Purpose purpose) {
        Optional<byte[]> stored = stored(purpose);
        if (stored.isEmpty()) {
            try {
                KeysetHandle fresh = KeysetHandle.generateNew(purpose.parameters);
                MasterKey.Wrapping master = masterKey.wrapping();
                int inserted = jdbc.sql("""
                        insert into platform_keyset (purpose, wrapped_keyset, primary_key_id, created_at, master_key_id)
                        values (?, ?, ?, ?, ?) on conflict do nothing""")
                        .params(purpose.name(),
                                TinkProtoKeysetFormat.serializeEncryptedKeyset(fresh, master.aead(), keysetAd(purpose)),
                                Integer.toUnsignedLong(fresh.getPrimary().getId()), Timestamp.from(clock.instant()),
                                master.keyId())
                        .update();
                if (inserted > 0) {
                    KeyBindings.forgetIfRolledBack(() -> primitives.evict(purpose));
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not create the platform keyset", e);
            }
            stored = stored(purpose); // ours, or the one a concurrent first use stored
        }
        try {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(stored.orElseThrow(), masterKey.aead(), keysetAd(purpose))
                    .getPrimitive(RegistryConfiguration.get(), purpose.primitive);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The platform keyset could not be unwrapped with the master key", e);
        }
    }

    private Optional<byte[]> stored(Purpose purpose) {
        return jdbc.sql("select wrapped_keyset from platform_keyset where purpose = ?")
                .param(purpose.name()).query(byte[].class).optional();
    }

    private static byte[] keysetAd(Purpose purpose) {
        return ("custodian/platform-keyset/v1|" + purpose).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] fieldAd(UUID recordId, String field) {
        if (recordId == null || field == null || field.isEmpty()) {
            throw new IllegalArgumentException("A record id and field name are required");
        }
        return ("custodian/platform-field/v1|" + recordId + "|" + field).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PlatformKeys[" + primitives + "]";
    }
}
