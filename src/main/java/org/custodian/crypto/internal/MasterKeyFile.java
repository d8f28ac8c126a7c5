package org.custodian.crypto.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Set;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import org.custodian.crypto.MasterKey;
import org.custodian.crypto.PrivateFiles;

/**
 * A master key kept in a local Tink keyset file with owner-only permissions. The set may hold
 * several keys: the primary wraps, the others still unwrap what they wrapped before a rotation. The
 * file is read again when it changes on disk, so instances sharing it follow a rotation or
 * retirement made by any of them.
 */
final class MasterKeyFile implements MasterKey {

    private static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private record Loaded(KeysetHandle keyset, Aead aead, FileTime modified, long size) {
        @Override
        public String toString() {
            return "Loaded[redacted]";
        }
    }

    private final Path file;
    private volatile Loaded loaded;

    private MasterKeyFile(Path file, Loaded loaded) {
        this.file = file;
        this.loaded = loaded;
    }

    static boolean exists(Path file) {
        return Files.exists(file);
    }

    static void generate(Path file) {
        try {
            AeadConfig.register();
            write(file, KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not generate the master key", e);
        }
    }

    static MasterKeyFile load(Path file) {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return new MasterKeyFile(file, read(file));
    }

    @Override
    public Aead aead() {
        return current().aead();
    }

    @Override
    public Wrapping wrapping() {
        Loaded now = current();
        return new Wrapping(now.aead(), Integer.toUnsignedLong(now.keyset().getPrimary().getId()));
    }

    @Override
    public long primaryKeyId() {
        return Integer.toUnsignedLong(current().keyset().getPrimary().getId());
    }

    @Override
    public List<Long> keyIds() {
        KeysetHandle keyset = current().keyset();
        return java.util.stream.IntStream.range(0, keyset.size())
                .mapToObj(i -> Integer.toUnsignedLong(keyset.getAt(i).getId())).toList();
    }

    /** Adds a new key and makes it the primary; the older keys stay for unwrapping. Returns its id. */
    synchronized long addPrimary() {
        Loaded now = reload();
        try {
            KeysetHandle rotated = KeysetHandle.newBuilder(now.keyset())
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId().makePrimary())
                    .build();
            write(file, rotated);
            return Integer.toUnsignedLong(reload().keyset().getPrimary().getId());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not add a master key", e);
        }
    }

    /** Removes a key that is not the primary; what it wrapped no longer unwraps. False if the set does not hold it. */
    synchronized boolean remove(long keyId) {
        Loaded now = reload();
        KeysetHandle keyset = now.keyset();
        if (Integer.toUnsignedLong(keyset.getPrimary().getId()) == keyId) {
            throw new IllegalArgumentException("The primary master key cannot be retired");
        }
        for (int i = 0; i < keyset.size(); i++) {
            if (Integer.toUnsignedLong(keyset.getAt(i).getId()) == keyId) {
                try {
                    write(file, KeysetHandle.newBuilder(keyset).deleteAt(i).build());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("Could not retire the master key", e);
                }
                reload();
                return true;
            }
        }
        return false;
    }

    /** The keyset as loaded, read again first if the file changed since. */
    private Loaded current() {
        Loaded now = loaded;
        try {
            if (!now.modified().equals(Files.getLastModifiedTime(file)) || now.size() != Files.size(file)) {
                return reload();
            }
        } catch (IOException unreadable) {
            // Being replaced right now, or briefly unreachable: keep what we have.
        }
        return now;
    }

    private synchronized Loaded reload() {
        loaded = read(file);
        return loaded;
    }

    private static Loaded read(Path file) {
        try {
            if (!OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
                throw new IllegalStateException("The master key file must be readable by its owner only (chmod 600)");
            }
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseKeyset(
                    Files.readString(file, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
            return new Loaded(keyset, keyset.getPrimitive(RegistryConfiguration.get(), Aead.class), modified, size);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the master key file", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The master key file is not a valid Tink AEAD keyset", e);
        }
    }

    private static void write(Path file, KeysetHandle keyset) {
        try {
            String json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
            PrivateFiles.replace(file, json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the master key file", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not write the master key", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKeyFile[redacted]";
    }
}
