package org.custodian.crypto.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import org.custodian.crypto.MasterKey;
import org.custodian.crypto.PrivateFiles;
import org.custodian.crypto.SealedFiles;
import org.springframework.stereotype.Component;

/** Tink streaming AEAD (AES256_GCM_HKDF_1MB); the file's name is the associated data of both layers. */
@Component
class TinkSealedFiles implements SealedFiles {

    private final java.util.function.Supplier<com.google.crypto.tink.Aead> fileKeyWrapper;
    private final MasterKey masterKey;

    @org.springframework.beans.factory.annotation.Autowired
    TinkSealedFiles(PlatformKeys platformKeys, MasterKey masterKey) throws GeneralSecurityException {
        this(platformKeys::aead, masterKey);
    }

    TinkSealedFiles(java.util.function.Supplier<com.google.crypto.tink.Aead> fileKeyWrapper, MasterKey masterKey)
            throws GeneralSecurityException {
        StreamingAeadConfig.register();
        this.fileKeyWrapper = fileKeyWrapper;
        this.masterKey = masterKey;
    }

    @Override
    public byte[] seal(Path file, InputStream content) {
        try {
            KeysetHandle key = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
            StreamingAead aead = key.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
            try (OutputStream out = aead.newEncryptingStream(PrivateFiles.create(file), ad(file))) {
                content.transferTo(out);
            }
            return fileKeyWrapper.get().encrypt(TinkProtoKeysetFormat.serializeKeyset(key, InsecureSecretKeyAccess.get()),
                    keyAd(file));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not seal the file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(Path file, byte[] wrappedKey) {
        try {
            KeysetHandle key = TinkProtoKeysetFormat.parseKeyset(unwrap(file, wrappedKey), InsecureSecretKeyAccess.get());
            return key.getPrimitive(RegistryConfiguration.get(), StreamingAead.class)
                    .newDecryptingStream(Files.newInputStream(file), ad(file));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not open the sealed file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * File keys are wrapped by the platform AEAD keyset (which the master key wraps, so a master-key
     * rotation re-wraps one keyset, not every file). A file sealed before that, still open, has its
     * key wrapped by the master key directly.
     */
    private byte[] unwrap(Path file, byte[] wrappedKey) throws GeneralSecurityException {
        try {
            return fileKeyWrapper.get().decrypt(wrappedKey, keyAd(file));
        } catch (GeneralSecurityException notPlatform) {
            return masterKey.aead().decrypt(wrappedKey, keyAd(file));
        }
    }

    private static byte[] ad(Path file) {
        return ("custodian/sealed-file/v1|" + file.getFileName()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] keyAd(Path file) {
        return ("custodian/sealed-file-key/v1|" + file.getFileName()).getBytes(StandardCharsets.UTF_8);
    }
}
