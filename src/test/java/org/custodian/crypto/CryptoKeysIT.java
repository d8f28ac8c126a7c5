package org.custodian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.prf.HmacPrfKey;
import com.google.crypto.tink.proto.EncryptedKeyset;
import com.google.protobuf.ExtensionRegistryLite;

import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.KeyTables;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The key hierarchy on the real database, read back through the app role's raw tables. */
@CustodianTest
class CryptoKeysIT {

    static final String NAME = "Amelia Quinton-Harrow";

    @Autowired FieldCipher cipher;
    @Autowired SubjectKeys keys;
    @Autowired BlindIndex blindIndexes;
    @Autowired MasterKey masterKey;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired Fixtures fixtures;
    @Autowired KeyTables keyTables;

    UUID schoolA;
    UUID schoolB;
    UUID pupilA;
    UUID otherPupilA;
    UUID pupilB;

    @BeforeEach
    void twoSchoolsWithSubjects() {
        schoolA = fixtures.school().id();
        schoolB = fixtures.school().id();
        pupilA = UUID.randomUUID();
        otherPupilA = UUID.randomUUID();
        pupilB = UUID.randomUUID();
        keys.create(schoolA, pupilA, SubjectKind.PUPIL);
        keys.create(schoolA, otherPupilA, SubjectKind.STAFF);
        keys.create(schoolB, pupilB, SubjectKind.PUPIL);
    }

    @Test
    void aFieldRoundTripsAndItsCiphertextHoldsNoPlaintext() {
        byte[] ciphertext = cipher.encryptString(schoolA, pupilA, "name", NAME);

        assertThat(cipher.decryptString(schoolA, pupilA, "name", ciphertext)).isEqualTo(NAME);
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("Amelia");
        assertThat(cipher.encryptString(schoolA, pupilA, "name", NAME)).isNotEqualTo(ciphertext); // randomised
    }

    @Test
    void theKeyTablesHoldOnlyWrappedKeysetsWhoseKeyBytesNeverAppearInTheClear() throws Exception {
        blindIndexes.blindIndex(schoolA, "upn", "A123"); // creates the PRF keyset too
        record Row(String purpose, byte[] wrapped) { }
        List<Row> schoolRows = keyTables.inSchool(schoolA, keyDb -> keyDb.sql(
                        "select purpose, wrapped_keyset from school_keyset order by purpose")
                .query((rs, n) -> new Row(rs.getString(1), rs.getBytes(2))).list());
        assertThat(schoolRows).extracting(Row::purpose).containsExactly("AEAD", "PRF");

        KeysetHandle aead = unwrapSchool(schoolRows.get(0).wrapped(), "AEAD", schoolA);
        KeysetHandle prf = unwrapSchool(schoolRows.get(1).wrapped(), "PRF", schoolA);
        byte[] aesKey = ((AesGcmKey) aead.getPrimary().getKey()).getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
        byte[] hmacKey = ((HmacPrfKey) prf.getPrimary().getKey()).getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
        assertThat(contains(TinkProtoKeysetFormat.serializeKeyset(aead, InsecureSecretKeyAccess.get()), aesKey))
                .as("the search would find a plaintext keyset").isTrue();
        assertThat(contains(schoolRows.get(0).wrapped(), aesKey)).isFalse();
        assertThat(contains(schoolRows.get(1).wrapped(), hmacKey)).isFalse();
        for (Row row : schoolRows) {
            assertThatThrownBy(() -> TinkProtoKeysetFormat.parseKeyset(row.wrapped(), InsecureSecretKeyAccess.get()))
                    .as("a stored school keyset is not a plaintext keyset").isInstanceOf(Exception.class);
        }
        // Bound to its school: the same bytes do not unwrap as school B's keyset.
        assertThatThrownBy(() -> unwrapSchool(schoolRows.get(0).wrapped(), "AEAD", schoolB)).isInstanceOf(Exception.class);

        byte[] wrappedSubjectKey = wrappedSubjectKey(schoolA, pupilA);
        KeysetHandle dataKey = TinkProtoKeysetFormat.parseEncryptedKeyset(wrappedSubjectKey,
                aead.getPrimitive(RegistryConfiguration.get(), Aead.class), subjectAd(schoolA, pupilA));
        byte[] dataKeyBytes = ((AesGcmKey) dataKey.getPrimary().getKey()).getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
        assertThat(contains(wrappedSubjectKey, dataKeyBytes)).isFalse();
        assertThatThrownBy(() -> TinkProtoKeysetFormat.parseKeyset(wrappedSubjectKey, InsecureSecretKeyAccess.get()))
                .isInstanceOf(Exception.class);
    }

    @Test
    void aCiphertextMovedToAnotherFieldSubjectOrSchoolIsRefused() {
        byte[] ciphertext = cipher.encryptString(schoolA, pupilA, "surname", "Quinton");

        assertThatThrownBy(() -> cipher.decrypt(schoolA, pupilA, "forename", ciphertext))
                .isInstanceOf(CiphertextRejectedException.class)
                .hasMessageNotContaining("Quinton").hasMessageNotContaining(pupilA.toString());
        assertThatThrownBy(() -> cipher.decrypt(schoolA, otherPupilA, "surname", ciphertext))
                .isInstanceOf(CiphertextRejectedException.class);
        assertThatThrownBy(() -> cipher.decrypt(schoolB, pupilB, "surname", ciphertext))
                .isInstanceOf(CiphertextRejectedException.class);
        byte[] tampered = ciphertext.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(schoolA, pupilA, "surname", tampered))
                .isInstanceOf(CiphertextRejectedException.class);
    }

    @Test
    void destroyingASubjectsKeyMakesEveryEarlierCopyUnreadableAndTheSubjectCannotBeGivenANewKey() {
        byte[] stored = cipher.encryptString(schoolA, pupilA, "surname", "Quinton");
        byte[] backup = stored.clone();
        byte[] neighbour = cipher.encryptString(schoolA, otherPupilA, "surname", "Other");
        assertThat(cipher.decryptString(schoolA, pupilA, "surname", stored)).isEqualTo("Quinton"); // key now cached

        keys.destroy(schoolA, pupilA);

        assertThatThrownBy(() -> cipher.decrypt(schoolA, pupilA, "surname", backup))
                .isInstanceOf(SubjectErasedException.class)
                .hasMessageNotContaining(pupilA.toString());
        assertThatThrownBy(() -> cipher.encryptString(schoolA, pupilA, "surname", "Again"))
                .isInstanceOf(SubjectErasedException.class);
        assertThatThrownBy(() -> keys.create(schoolA, pupilA, SubjectKind.PUPIL))
                .isInstanceOf(SubjectErasedException.class);
        assertThat(keyTables.<Long>inSchool(schoolA, keyDb -> keyDb.sql(
                        "select count(*) from subject_data_key where subject_id = ?").params(pupilA).query(Long.class).single()))
                .isZero();
        assertThat(cipher.decryptString(schoolA, otherPupilA, "surname", neighbour)).isEqualTo("Other");
        keys.destroy(schoolA, pupilA); // idempotent
    }

    @Test
    void blindIndexesAreDeterministicPerSchoolAndPurposeAndDifferAcrossSchoolsAndPurposes() {
        byte[] upn = blindIndexes.blindIndex(schoolA, "upn", "A12345678901B");

        assertThat(upn).hasSize(32);
        assertThat(blindIndexes.blindIndex(schoolA, "upn", "  a12345678901b ")).isEqualTo(upn);
        assertThat(blindIndexes.blindIndex(schoolA, "upn", "A12345678901C")).isNotEqualTo(upn);
        assertThat(blindIndexes.blindIndex(schoolA, "surname", "A12345678901B")).isNotEqualTo(upn);
        assertThat(blindIndexes.blindIndex(schoolB, "upn", "A12345678901B")).isNotEqualTo(upn);
        assertThat(blindIndexes.blindIndex(schoolA, "surname", "Ｏ'Brien   SMITH"))
                .isEqualTo(blindIndexes.blindIndex(schoolA, "surname", "o'brien smith"));
        assertThatThrownBy(() -> blindIndexes.blindIndex(schoolA, "UPN|x", "A1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rotationKeepsOldDataReadableWrapsNewKeysWithTheNewKeyAndTheRewrapJobMovesTheRest() throws Exception {
        byte[] before = cipher.encryptString(schoolA, pupilA, "surname", "Before");
        long oldKeyId = wrappingKeyId(wrappedSubjectKey(schoolA, pupilA));

        long newKeyId = keys.rotateSchoolKeyset(schoolA);

        assertThat(newKeyId).isNotEqualTo(oldKeyId);
        UUID newcomer = UUID.randomUUID();
        keys.create(schoolA, newcomer, SubjectKind.PUPIL);
        assertThat(wrappingKeyId(wrappedSubjectKey(schoolA, newcomer))).isEqualTo(newKeyId);
        byte[] after = cipher.encryptString(schoolA, newcomer, "surname", "After");
        assertThat(keys.subjectKeysAwaitingRewrap(schoolA)).isEqualTo(2); // pupilA and otherPupilA

        assertThat(keys.rewrapSubjectKeys(schoolA, 1)).isEqualTo(1); // batches
        assertThat(keys.rewrapSubjectKeys(schoolA, 100)).isEqualTo(1);
        assertThat(keys.rewrapSubjectKeys(schoolA, 100)).isZero();

        assertThat(keys.subjectKeysAwaitingRewrap(schoolA)).isZero();
        assertThat(wrappingKeyId(wrappedSubjectKey(schoolA, pupilA))).isEqualTo(newKeyId);
        assertThat(wrappingKeyId(wrappedSubjectKey(schoolA, otherPupilA))).isEqualTo(newKeyId);
        keys.destroy(schoolB, UUID.randomUUID()); // unrelated activity in another school
        assertThat(cipher.decryptString(schoolA, pupilA, "surname", before)).isEqualTo("Before");
        assertThat(cipher.decryptString(schoolA, newcomer, "surname", after)).isEqualTo("After");
        assertThat(keyTables.<Long>inSchool(schoolA, keyDb -> keyDb.sql(
                        "select primary_key_id from school_keyset where purpose = 'AEAD'").query(Long.class).single()))
                .isEqualTo(newKeyId);
    }

    @Test
    void rowLevelSecurityKeepsEachSchoolsKeysToItself() {
        List<UUID> subjectsSeenByA = keyTables.inSchool(schoolA, keyDb ->
                keyDb.sql("select subject_id from subject_data_key").query(UUID.class).list());
        List<UUID> schoolsSeenByA = keyTables.inSchool(schoolA, keyDb ->
                keyDb.sql("select school_id from school_keyset").query(UUID.class).list());
        Long unscoped = keyTables.unscoped(keyDb ->
                keyDb.sql("select count(*) from subject_data_key").query(Long.class).single());

        assertThat(subjectsSeenByA).contains(pupilA, otherPupilA).doesNotContain(pupilB);
        assertThat(schoolsSeenByA).isNotEmpty().containsOnly(schoolA);
        assertThat(unscoped).isZero();
        // School A cannot use school B's subject: the key is invisible from A's scope.
        assertThatThrownBy(() -> cipher.encryptString(schoolA, pupilB, "surname", "x"))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(pupilB.toString());
        assertThatThrownBy(() -> keyTables.inSchool(schoolA, keyDb -> keyDb.sql(
                        "delete from school_keyset where school_id = ?").params(schoolA).update()))
                .rootCause().hasMessageContaining("permission denied");
    }

    private KeysetHandle unwrapSchool(byte[] wrapped, String purpose, UUID school) throws Exception {
        return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, masterKey.aead(),
                ("custodian/school-keyset/v1|" + purpose + "|" + school).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] subjectAd(UUID school, UUID subject) {
        return ("custodian/subject-key/v1|" + school + "|" + subject).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] wrappedSubjectKey(UUID school, UUID subject) {
        return keyTables.inSchool(school, keyDb -> keyDb.sql("select wrapped_key from subject_data_key where subject_id = ?")
                .params(subject).query(byte[].class).single());
    }

    /** The id of the school key that wrapped it, read from the Tink ciphertext prefix (0x01 + 4-byte id). */
    private static long wrappingKeyId(byte[] wrapped) throws Exception {
        byte[] ciphertext = EncryptedKeyset.parseFrom(wrapped, ExtensionRegistryLite.getEmptyRegistry())
                .getEncryptedKeyset().toByteArray();
        assertThat(ciphertext[0]).as("Tink output prefix").isEqualTo((byte) 1);
        return Integer.toUnsignedLong(ByteBuffer.wrap(ciphertext, 1, 4).getInt());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
