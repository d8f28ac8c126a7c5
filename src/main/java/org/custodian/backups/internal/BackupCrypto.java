package org.custodian.backups.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;

import org.custodian.crypto.MasterKey;

/**
 * A fresh AES256_GCM_HKDF_1MB keyset per backup, wrapped by the master key (associated data: the
 * backup's id). Each file's associated data names the backup and the table, so a file moved to
 * another table or another backup does not decrypt.
 */
final class BackupCrypto {

    static {
        try {
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private BackupCrypto() {
    }

    record Keyset(StreamingAead aead, String wrapped, long masterKeyId) {
        @Override
        public String toString() {
            return "BackupKeyset[redacted]";
        }
    }

    static Keyset newKeyset(MasterKey masterKey, String backupId) throws GeneralSecurityException {
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
        MasterKey.Wrapping wrapping = masterKey.wrapping();
        byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, wrapping.aead(), keysetAd(backupId));
        return new Keyset(keyset.getPrimitive(RegistryConfiguration.get(), StreamingAead.class),
                Base64.getEncoder().encodeToString(wrapped), wrapping.keyId());
    }

    static StreamingAead unwrap(MasterKey masterKey, String backupId, String wrapped) throws GeneralSecurityException {
        KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(Base64.getDecoder().decode(wrapped),
                masterKey.aead(), keysetAd(backupId));
        return keyset.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
    }

    static byte[] fileAd(String backupId, String kind, String table) {
        return ("custodian/backup-file/v1|" + backupId + "|" + kind + "|" + table).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] keysetAd(String backupId) {
        return ("custodian/backup-keyset/v1|" + backupId).getBytes(StandardCharsets.UTF_8);
    }
}
