package org.custodian.crypto.internal;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.custodian.crypto.MasterKeyDependent;
import org.custodian.crypto.MasterKeyRotation;
import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Rotation and retirement change the master key file under a cluster-wide advisory lock, so two
 * instances sharing the file never write it at once; re-wraps lock their rows with SKIP LOCKED.
 */
@Component
class MasterKeyRotations implements MasterKeyRotation {

    /** Advisory lock key: "custodian master key file". */
    private static final long FILE_LOCK = 0x4d4b46_696c65L;

    private final MasterKeyFile masterKey;
    private final SchoolKeysets schools;
    private final PlatformKeys platform;
    private final PlatformSigningKeys signingKeys;
    private final List<MasterKeyDependent> dependents;
    private final Tenancy tenancy;
    private final JdbcClient jdbc;

    MasterKeyRotations(org.custodian.crypto.MasterKey masterKey, SchoolKeysets schools, PlatformKeys platform,
                       PlatformSigningKeys signingKeys, List<MasterKeyDependent> dependents, Tenancy tenancy, JdbcClient jdbc) {
        if (!(masterKey instanceof MasterKeyFile file)) {
            throw new IllegalStateException("Master-key rotation needs the master key file");
        }
        this.masterKey = file;
        this.schools = schools;
        this.platform = platform;
        this.signingKeys = signingKeys;
        this.dependents = dependents;
        this.tenancy = tenancy;
        this.jdbc = jdbc;
    }

    @Override
    public Status status() {
        return new Status(masterKey.primaryKeyId(), masterKey.keyIds());
    }

    @Override
    public long rotate() {
        return tenancy.asPlatform(() -> {
            lockFile();
            return masterKey.addPrimary();
        });
    }

    @Override
    public int rewrapSchool(UUID schoolId) {
        return schools.rewrapUnderMasterKey(schoolId);
    }

    @Override
    public int rewrapPlatform(int batchSize) {
        int moved = tenancy.asPlatform(platform::rewrapUnderMasterKey);
        moved += signingKeys.rewrapUnderMasterKey(batchSize);
        for (MasterKeyDependent dependent : dependents) {
            moved += dependent.moveOffMasterKey(batchSize);
        }
        return moved;
    }

    @Override
    public long schoolAwaitingRewrap(UUID schoolId) {
        return schools.keysetsNotUnderMasterKey(schoolId, masterKey.primaryKeyId());
    }

    @Override
    public long platformAwaitingRewrap() {
        long primary = masterKey.primaryKeyId();
        long remaining = tenancy.asPlatform(() -> platform.keysetsNotUnderMasterKey(primary));
        remaining += signingKeys.keysNotUnderMasterKey(primary);
        for (MasterKeyDependent dependent : dependents) {
            remaining += dependent.underMasterKey();
        }
        return remaining;
    }

    @Override
    public boolean retire(long keyId, Collection<UUID> everySchool) {
        return tenancy.asPlatform(() -> {
            lockFile();
            if (!masterKey.keyIds().contains(keyId)) {
                return false;
            }
            if (keyId == masterKey.primaryKeyId()) {
                throw new IllegalArgumentException("The primary master key cannot be retired");
            }
            long remaining = platformAwaitingRewrap();
            for (UUID school : everySchool) {
                remaining += schoolAwaitingRewrap(school);
            }
            if (remaining > 0) {
                throw new MasterKeyInUseException(remaining);
            }
            return masterKey.remove(keyId);
        });
    }

    private void lockFile() {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(FILE_LOCK).query((rs, n) -> 1).list();
    }
}
