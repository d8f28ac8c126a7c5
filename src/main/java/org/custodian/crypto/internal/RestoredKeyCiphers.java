package org.custodian.crypto.internal;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;

import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.MasterKey;
import org.custodian.crypto.RestoredKeys;
import org.custodian.crypto.SubjectErasedException;
import org.springframework.stereotype.Component;

/** The live hierarchy's unwrapping (same associated data), over another key database's rows. */
@Component
class RestoredKeyCiphers implements RestoredKeys {

    private final MasterKey masterKey;

    RestoredKeyCiphers(MasterKey masterKey) {
        this.masterKey = masterKey;
    }

    @Override
    public FieldCipher open(String jdbcUrl, String ownerUsername, String ownerPassword) {
        // Per cipher only (it lives as long as one restore): a subject's fields then cost one key read.
        java.util.Map<java.util.List<UUID>, Aead> opened = new java.util.HashMap<>();
        return new FieldCipher() {
            @Override
            public byte[] encrypt(UUID schoolId, UUID subjectId, String field, byte[] plaintext) {
                throw new UnsupportedOperationException("A restored key store is only read");
            }

            @Override
            public byte[] decrypt(UUID schoolId, UUID subjectId, String field, byte[] ciphertext) {
                Aead aead = opened.computeIfAbsent(java.util.List.of(schoolId, subjectId),
                        key -> subjectKey(jdbcUrl, ownerUsername, ownerPassword, schoolId, subjectId));
                try {
                    return aead.decrypt(ciphertext, KeyBindings.field(schoolId, subjectId, field));
                } catch (GeneralSecurityException e) {
                    throw new CiphertextRejectedException(e);
                }
            }
        };
    }

    private Aead subjectKey(String url, String username, String password, UUID schoolId, UUID subjectId) {
        Properties login = new Properties();
        login.setProperty("user", username);
        login.setProperty("password", password);
        login.setProperty("logServerErrorDetail", "false");
        try (Connection connection = DriverManager.getConnection(url, login)) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement scope = connection.prepareStatement("select set_config('custodian.platform', 'on', true)")) {
                scope.execute();
            }
            byte[] schoolKeyset = one(connection, "select wrapped_keyset from school_keyset where school_id = ? and purpose = 'AEAD'",
                    schoolId, null);
            byte[] subjectKey = one(connection, "select wrapped_key from subject_data_key where school_id = ? and subject_id = ?",
                    schoolId, subjectId);
            connection.rollback();
            if (schoolKeyset == null || subjectKey == null) {
                throw new SubjectErasedException();
            }
            Aead school = TinkProtoKeysetFormat.parseEncryptedKeyset(schoolKeyset, masterKey.aead(),
                            KeyBindings.schoolKeyset(schoolId, KeysetPurpose.AEAD))
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
            return TinkProtoKeysetFormat.parseEncryptedKeyset(subjectKey, school, KeyBindings.subjectKey(schoolId, subjectId))
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the restored key store (SQLState " + e.getSQLState() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A restored key did not unwrap", e);
        }
    }

    private static byte[] one(Connection connection, String sql, UUID school, UUID subject) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, school);
            if (subject != null) {
                statement.setObject(2, subject);
            }
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getBytes(1) : null;
            }
        }
    }
}
