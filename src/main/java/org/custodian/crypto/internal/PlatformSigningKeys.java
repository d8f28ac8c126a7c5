package org.custodian.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.SignatureConfig;

import org.custodian.crypto.MasterKey;
import org.custodian.crypto.SigningKeys;
import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * master key → Ed25519 signing keysets in {@code platform_signing_key}. The private keyset is
 * wrapped, the public key sealed (AEAD under the master key, associated data naming the row and its
 * dates), so the table on its own yields no signing power and no key it would vouch for. Which key is
 * current is read on every signature (one indexed lookup), so a rotation on any instance takes effect
 * at once; the unwrapped signer is cached.
 */
@Component
class PlatformSigningKeys implements SigningKeys {

    /** Advisory lock key: "custodian signing key rotation". */
    private static final long ROTATION_LOCK = 0x5369676e_4b6579L;

    private static final Ed25519Parameters PARAMETERS = Ed25519Parameters.create(Ed25519Parameters.Variant.NO_PREFIX);

    private record Signer(PublicKeySign sign, byte[] publicKey) {
        @Override
        public String toString() {
            return "Signer[redacted]";
        }
    }

    private record Row(UUID id, byte[] sealed, byte[] wrapped, Instant createdAt, Instant retiredAt) {
        @Override
        public String toString() {
            return "SigningKeyRow[" + id + "]";
        }
    }

    private static final String COLUMNS = "id, public_key_sealed, wrapped_private_keyset, created_at, retired_at";

    private final MasterKey masterKey;
    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Clock clock;
    private final LruCache<UUID, Signer> signers;

    PlatformSigningKeys(MasterKey masterKey, JdbcClient jdbc, Tenancy tenancy, Clock clock,
                        MasterKeyProperties properties) throws GeneralSecurityException {
        SignatureConfig.register();
        this.masterKey = masterKey;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.clock = clock;
        this.signers = new LruCache<>(4, properties.keyCacheMaxAge(), clock);
    }

    @Override
    public Signed sign(byte[] message) {
        if (message == null) {
            throw new IllegalArgumentException("A message is required");
        }
        return tenancy.asPlatform(() -> {
            UUID current = lockedCurrent().orElseGet(() -> {
                insertNew(); // or a concurrent first use's key: on conflict, nothing
                return lockedCurrent().orElseThrow();
            });
            Signer signer = signers.get(current, this::loadSigner);
            try {
                return new Signed(signer.sign().sign(message), signer.publicKey().clone());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Signing failed", e);
            }
        });
    }

    @Override
    public List<PublicKey> publicKeys() {
        return tenancy.asPlatform(() -> jdbc.sql("select " + COLUMNS
                        + " from platform_signing_key order by created_at, retired_at is null, retired_at, id")
                .query((rs, n) -> row(rs)).list().stream()
                .map(row -> new PublicKey(unseal(row), row.createdAt(), row.retiredAt()))
                .toList());
    }

    @Override
    public PublicKey rotate() {
        return tenancy.asPlatform(() -> {
            jdbc.sql("select pg_advisory_xact_lock(?)").param(ROTATION_LOCK).query((rs, n) -> 1).list();
            Instant now = now();
            Optional<Row> current = jdbc.sql("select " + COLUMNS
                            + " from platform_signing_key where retired_at is null for update")
                    .query((rs, n) -> row(rs)).optional();
            if (current.isPresent()) {
                Row old = current.get();
                byte[] publicKey = unseal(old);
                Instant retiredAt = now.isBefore(old.createdAt()) ? old.createdAt() : now;
                MasterKey.Wrapping master = masterKey.wrapping();
                // The private keyset is gone for good; the public key is resealed naming its retirement.
                jdbc.sql("""
                        update platform_signing_key
                           set retired_at = ?, wrapped_private_keyset = null, public_key_sealed = ?, master_key_id = ?
                         where id = ?""")
                        .params(utc(retiredAt), seal(master, old.id(), publicKey, old.createdAt(), retiredAt),
                                master.keyId(), old.id())
                        .update();
                signers.evict(old.id());
            }
            Optional<Row> fresh = insertNew();
            Row created = fresh.isPresent() ? fresh.get() // else a concurrent first use's key became current
                    : jdbc.sql("select " + COLUMNS + " from platform_signing_key where retired_at is null")
                            .query((rs, n) -> row(rs)).single();
            return new PublicKey(unseal(created), created.createdAt(), null);
        });
    }

    /** Re-wraps up to {@code batchSize} keys not under the primary master key; skips rows another transaction holds. */
    int rewrapUnderMasterKey(int batchSize) {
        return tenancy.asPlatform(() -> {
            MasterKey.Wrapping master = masterKey.wrapping();
            List<Row> rows = jdbc.sql("select " + COLUMNS + """
                             from platform_signing_key where master_key_id <> ?
                            order by id limit ? for update skip locked""")
                    .params(master.keyId(), batchSize).query((rs, n) -> row(rs)).list();
            for (Row row : rows) {
                byte[] publicKey = unseal(row);
                byte[] wrapped = null;
                if (row.wrapped() != null) {
                    try {
                        KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(
                                row.wrapped(), masterKey.aead(), privateAd(row.id()));
                        wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, master.aead(), privateAd(row.id()));
                    } catch (GeneralSecurityException e) {
                        throw new KeyRejectedException("A signing key could not be unwrapped with the master key", e);
                    }
                }
                jdbc.sql("""
                        update platform_signing_key set public_key_sealed = ?, wrapped_private_keyset = ?, master_key_id = ?
                         where id = ?""")
                        .params(seal(master, row.id(), publicKey, row.createdAt(), row.retiredAt()), wrapped,
                                master.keyId(), row.id())
                        .update();
            }
            return rows.size();
        });
    }

    /** How many keys (current or retired) are sealed under another master key than {@code primary}. */
    long keysNotUnderMasterKey(long primary) {
        return tenancy.asPlatform(() -> jdbc.sql("select count(*) from platform_signing_key where master_key_id <> ?")
                .param(primary).query(Long.class).single());
    }

    /**
     * The current key's id. The rotation lock, held shared until the transaction ends, keeps any
     * rotation from retiring it meanwhile, and a rotation under way finishes before this reads.
     */
    private Optional<UUID> lockedCurrent() {
        jdbc.sql("select pg_advisory_xact_lock_shared(?)").param(ROTATION_LOCK).query((rs, n) -> 1).list();
        return jdbc.sql("select id from platform_signing_key where retired_at is null")
                .query((rs, n) -> rs.getObject(1, UUID.class)).optional();
    }

    /** A new current key; empty if another is current (a concurrent first use won). */
    private Optional<Row> insertNew() {
        try {
            UUID id = UUID.randomUUID();
            Instant createdAt = now();
            KeysetHandle keyset = KeysetHandle.generateNew(PARAMETERS);
            byte[] publicKey = publicKeyOf(keyset);
            MasterKey.Wrapping master = masterKey.wrapping();
            byte[] sealed = seal(master, id, publicKey, createdAt, null);
            int inserted = jdbc.sql("""
                    insert into platform_signing_key (id, public_key_sealed, wrapped_private_keyset, master_key_id, created_at)
                    values (?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(id, sealed, TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, master.aead(), privateAd(id)),
                            master.keyId(), utc(createdAt))
                    .update();
            return inserted == 0 ? Optional.empty() : Optional.of(new Row(id, sealed, null, createdAt, null));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not create a signing key", e);
        }
    }

    private Signer loadSigner(UUID id) {
        Row row = jdbc.sql("select " + COLUMNS + " from platform_signing_key where id = ?")
                .param(id).query((rs, n) -> row(rs)).single();
        byte[] publicKey = unseal(row);
        if (row.wrapped() == null) {
            throw new IllegalStateException("The signing key's private half was destroyed");
        }
        try {
            KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(row.wrapped(), masterKey.aead(), privateAd(id));
            if (!Arrays.equals(publicKeyOf(keyset), publicKey)) {
                throw new KeyRejectedException("The signing key does not match its sealed public key", null);
            }
            return new Signer(keyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class), publicKey);
        } catch (GeneralSecurityException e) {
            throw new KeyRejectedException("The signing key could not be unwrapped with the master key", e);
        }
    }

    private static byte[] publicKeyOf(KeysetHandle keyset) {
        return ((Ed25519PrivateKey) keyset.getPrimary().getKey()).getPublicKey().getPublicKeyBytes().toByteArray();
    }

    private byte[] unseal(Row row) {
        try {
            byte[] publicKey = masterKey.aead().decrypt(row.sealed(), publicAd(row.id(), row.createdAt(), row.retiredAt()));
            if (publicKey.length != 32) {
                throw new GeneralSecurityException("wrong length");
            }
            return publicKey;
        } catch (GeneralSecurityException e) {
            throw new KeyRejectedException("A stored signing public key failed its check under the master key", e);
        }
    }

    private static byte[] seal(MasterKey.Wrapping master, UUID id, byte[] publicKey, Instant createdAt, Instant retiredAt) {
        try {
            return master.aead().encrypt(publicKey, publicAd(id, createdAt, retiredAt));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not seal a signing public key", e);
        }
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        OffsetDateTime retired = rs.getObject(5, OffsetDateTime.class);
        return new Row(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getBytes(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), retired == null ? null : retired.toInstant());
    }

    /** Microseconds, as the database stores them: the dates are part of the seal. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    // ---- associated data: fixed-length fields only, so no two bindings collide

    private static byte[] publicAd(UUID id, Instant createdAt, Instant retiredAt) {
        return ("custodian/signing-key-public/v1|" + id + "|" + micros(createdAt) + "|"
                + (retiredAt == null ? "current" : micros(retiredAt))).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] privateAd(UUID id) {
        return ("custodian/signing-key-private/v1|" + id).getBytes(StandardCharsets.UTF_8);
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    @Override
    public String toString() {
        return "PlatformSigningKeys[" + signers + "]";
    }
}
