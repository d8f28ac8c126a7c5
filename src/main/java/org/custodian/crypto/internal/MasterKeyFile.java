package org.custodian.crypto.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
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

/** A master key kept in a local Tink keyset file with owner-only permissions. */
final class MasterKeyFile implements MasterKey {

    private static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Aead aead;

    private MasterKeyFile(Aead aead) {
        this.aead = aead;
    }

    static boolean exists(Path file) {
        return Files.exists(file);
    }

    static void generate(Path file) {
        try {
            AeadConfig.register();
            KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            String json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
            PrivateFiles.write(file, json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the master key file", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not generate the master key", e);
        }
    }

    static MasterKeyFile load(Path file) {
        try {
            if (!OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
                throw new IllegalStateException("The master key file must be readable by its owner only (chmod 600)");
            }
            AeadConfig.register();
            KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseKeyset(
                    Files.readString(file, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
            return new MasterKeyFile(keyset.getPrimitive(RegistryConfiguration.get(), Aead.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the master key file", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The master key file is not a valid Tink AEAD keyset", e);
        }
    }

    @Override
    public Aead aead() {
        return aead;
    }

    @Override
    public String toString() {
        return "MasterKeyFile[redacted]";
    }
}
