package org.custodian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.subtle.Ed25519Verify;

import org.custodian.crypto.SigningKeys.PublicKey;
import org.custodian.crypto.SigningKeys.Signed;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The platform's Ed25519 signing keys on the real database and master key file. */
@CustodianTest
class SigningKeysIT {

    static final byte[] NOTE = "custodian.example/school/1\n42\nqUpu3aJ5cXCC1ZlDUKV9yJHTvbA0ZcNaYnCQkBvHXQY=\n"
            .getBytes(StandardCharsets.UTF_8);

    @Autowired SigningKeys signingKeys;
    @Autowired MasterKey masterKey;
    @Autowired MasterKeyRotation masterKeys;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired Fixtures fixtures;
    @Autowired DatabaseOwner databaseOwner;

    @Test
    void aSignatureIsPlainEd25519ThatTinkAndJcaVerifyWithTheListedPublicKey() throws Exception {
        Signed signed = signingKeys.sign(NOTE);

        assertThat(signed.signature()).hasSize(64);
        assertThat(signed.publicKey()).hasSize(32);
        new Ed25519Verify(signed.publicKey()).verify(signed.signature(), NOTE);
        assertThatThrownBy(() -> new Ed25519Verify(signed.publicKey()).verify(signed.signature(), "other".getBytes()))
                .isInstanceOf(java.security.GeneralSecurityException.class);
        PublicKey current = last(signingKeys.publicKeys());
        assertThat(current.current()).isTrue();
        assertThat(current.publicKey()).isEqualTo(signed.publicKey());
        assertThat(signingKeys.sign(NOTE).publicKey()).isEqualTo(signed.publicKey());

        // Through JCA alone, from the PEM a verifier would be given.
        Signature jca = Signature.getInstance("Ed25519");
        jca.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(current.pem()))));
        jca.update(NOTE);
        assertThat(jca.verify(signed.signature())).isTrue();
    }

    @Test
    void thePemRoundTripsThroughJcaAndRefusesOtherKeys() throws Exception {
        var pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] raw = PublicKey.fromPem(pem(pair.getPublic().getEncoded()));
        String ours = PublicKey.pem(raw);

        assertThat(ours).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(der(ours)).isEqualTo(pair.getPublic().getEncoded());
        assertThat(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(ours))))
                .isEqualTo(pair.getPublic());
        // A signature made with the JCA private key verifies with the raw bytes read from the PEM.
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(NOTE);
        new Ed25519Verify(raw).verify(signer.sign(), NOTE);

        byte[] rsa = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> PublicKey.fromPem(pem(rsa))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicKey.pem(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rotationSignsWithANewKeyKeepsTheOldPublicKeyAndDestroysTheOldPrivateKey() throws Exception {
        Signed before = signingKeys.sign(NOTE);
        UUID oldId = idOf(before.publicKey());

        PublicKey rotated = signingKeys.rotate();
        Signed after = signingKeys.sign(NOTE);
        List<PublicKey> keys = signingKeys.publicKeys();

        assertThat(rotated.current()).isTrue();
        assertThat(after.publicKey()).isEqualTo(rotated.publicKey()).isNotEqualTo(before.publicKey());
        new Ed25519Verify(after.publicKey()).verify(after.signature(), NOTE);
        assertThat(last(keys).publicKey()).isEqualTo(rotated.publicKey());
        assertThat(keys.stream().filter(PublicKey::current)).hasSize(1);
        PublicKey old = keys.stream().filter(key -> Arrays.equals(key.publicKey(), before.publicKey())).findFirst()
                .orElseThrow();
        assertThat(old.retiredAt()).isNotNull().isAfterOrEqualTo(old.createdAt());
        new Ed25519Verify(old.publicKey()).verify(before.signature(), NOTE); // old checkpoints still verify
        assertThat(tenancy.asPlatform(() -> jdbc.sql(
                        "select wrapped_private_keyset is null from platform_signing_key where id = ?")
                .param(oldId).query(Boolean.class).single())).as("old private keyset destroyed").isTrue();
        // The application role cannot bring a retired key back or remove one.
        assertThatThrownBy(() -> tenancy.asPlatform(() -> jdbc.sql(
                        "update platform_signing_key set retired_at = null where id = ?").param(oldId).update()))
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
        assertThatThrownBy(() -> tenancy.asPlatform(() -> jdbc.sql(
                        "delete from platform_signing_key where id = ?").param(oldId).update()))
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
    }

    @Test
    void signaturesMadeWhileAnotherThreadRotatesEachVerifyUnderAListedKey() throws Exception {
        signingKeys.sign(NOTE);
        int keysBefore = signingKeys.publicKeys().size();
        int rotations = 5;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<List<Signed>>> signers = List.of(
                    threads.submit(() -> signTwenty(start)), threads.submit(() -> signTwenty(start)));
            java.util.concurrent.Future<List<PublicKey>> rotator = threads.submit(() -> {
                start.await();
                List<PublicKey> made = new java.util.ArrayList<>();
                for (int i = 0; i < rotations; i++) {
                    made.add(signingKeys.rotate());
                }
                return made;
            });
            start.countDown();
            List<Signed> signed = new java.util.ArrayList<>(signers.get(0).get());
            signed.addAll(signers.get(1).get());
            List<PublicKey> rotated = rotator.get();
            List<PublicKey> keys = signingKeys.publicKeys();

            assertThat(keys).hasSize(keysBefore + rotations);
            assertThat(keys.stream().filter(PublicKey::current)).hasSize(1);
            assertThat(last(keys).publicKey()).isEqualTo(rotated.get(rotations - 1).publicKey());
            for (Signed one : signed) {
                new Ed25519Verify(one.publicKey()).verify(one.signature(), NOTE);
                assertThat(keys).anySatisfy(key -> assertThat(key.publicKey()).isEqualTo(one.publicKey()));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private List<Signed> signTwenty(java.util.concurrent.CountDownLatch start) throws InterruptedException {
        start.await();
        List<Signed> signed = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            signed.add(signingKeys.sign(NOTE));
        }
        return signed;
    }

    @Test
    void noSchoolScopeSeesTheSigningKeys() {
        signingKeys.sign(NOTE);
        UUID school = fixtures.school().id();

        assertThat(tenancy.inSchool(school, () -> jdbc.sql("select count(*) from platform_signing_key")
                .query(Long.class).single())).isZero();
    }

    @Test
    void theTableHoldsNoPrivateKeyBytesInTheClear() throws Exception {
        Signed signed = signingKeys.sign(NOTE);
        UUID id = idOf(signed.publicKey());
        byte[] wrapped = tenancy.asPlatform(() -> jdbc.sql(
                        "select wrapped_private_keyset from platform_signing_key where id = ?")
                .param(id).query(byte[].class).single());
        byte[] sealed = tenancy.asPlatform(() -> jdbc.sql(
                        "select public_key_sealed from platform_signing_key where id = ?")
                .param(id).query(byte[].class).single());

        KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, masterKey.aead(), privateAd(id));
        byte[] seed = ((Ed25519PrivateKey) keyset.getPrimary().getKey()).getPrivateKeyBytes()
                .toByteArray(com.google.crypto.tink.InsecureSecretKeyAccess.get());
        assertThat(seed).hasSize(32);
        assertThat(contains(wrapped, seed)).as("private key bytes in the wrapped column").isFalse();
        assertThat(contains(sealed, seed)).isFalse();
        assertThat(contains(sealed, signed.publicKey())).as("public key sealed, not in the clear").isFalse();
        assertThat(contains(wrapped, signed.publicKey())).isFalse();
        // Unwrapped only with the matching associated data: the row's id.
        assertThatThrownBy(() -> TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, masterKey.aead(),
                privateAd(UUID.randomUUID()))).isInstanceOf(java.security.GeneralSecurityException.class);
    }

    @Test
    void aDatabaseOwnersChangeToAStoredPublicKeyIsDetectedOnRead() {
        signingKeys.sign(NOTE);
        PublicKey retired = signingKeys.rotate();
        UUID current = idOf(retired.publicKey());
        UUID other = tenancy.asPlatform(() -> jdbc.sql(
                        "select id from platform_signing_key where id <> ? order by created_at desc limit 1")
                .param(current).query(UUID.class).single());
        byte[] original = tenancy.asPlatform(() -> jdbc.sql(
                        "select public_key_sealed from platform_signing_key where id = ?")
                .param(current).query(byte[].class).single());
        assertThat(signingKeys.publicKeys()).isNotEmpty();

        try {
            // Another row's genuine seal, copied over: it names the other row.
            asOwner("update platform_signing_key set public_key_sealed = "
                    + "(select public_key_sealed from platform_signing_key where id = ?) where id = ?", other, current);
            assertThatThrownBy(signingKeys::publicKeys).isInstanceOf(SigningKeys.KeyRejectedException.class)
                    .hasMessageNotContaining(HexFormat.of().formatHex(retired.publicKey()));
            // One flipped bit.
            byte[] flipped = original.clone();
            flipped[flipped.length - 1] ^= 1;
            asOwner("update platform_signing_key set public_key_sealed = ? where id = ?", flipped, current);
            assertThatThrownBy(signingKeys::publicKeys).isInstanceOf(SigningKeys.KeyRejectedException.class);
        } finally {
            asOwner("update platform_signing_key set public_key_sealed = ? where id = ?", original, current);
        }
        // A retired key's dates are sealed too: moving its validity window is detected.
        try {
            asOwner("update platform_signing_key set created_at = created_at - interval '1 day' where id = ?", other);
            assertThatThrownBy(signingKeys::publicKeys).isInstanceOf(SigningKeys.KeyRejectedException.class);
        } finally {
            asOwner("update platform_signing_key set created_at = created_at + interval '1 day' where id = ?", other);
        }
        assertThat(signingKeys.publicKeys()).last().extracting(PublicKey::publicKey).isEqualTo(retired.publicKey());
    }

    @Test
    void theSigningKeysAreRewrappedOnMasterKeyRotationAndHoldBackRetirementUntilThen() throws Exception {
        Signed before = signingKeys.sign(NOTE);
        signingKeys.rotate(); // a retired key too: its public key is sealed under the master key
        rewrapEverything();
        long oldMaster = masterKeys.status().primaryKeyId();
        long newMaster = masterKeys.rotate();
        long signingRows = tenancy.asPlatform(() -> jdbc.sql("select count(*) from platform_signing_key")
                .query(Long.class).single());
        long platformKeysets = tenancy.asPlatform(() -> jdbc.sql("select count(*) from platform_keyset")
                .query(Long.class).single());

        long awaiting = masterKeys.platformAwaitingRewrap();
        // The schools move first; the platform's keys, signing keys among them, still hold the old master key.
        for (UUID school : schools()) {
            masterKeys.rewrapSchool(school);
        }
        assertThatThrownBy(() -> masterKeys.retire(oldMaster, schools()))
                .isInstanceOf(MasterKeyRotation.MasterKeyInUseException.class);
        rewrapEverything();
        long underNew = tenancy.asPlatform(() -> jdbc.sql(
                        "select count(*) from platform_signing_key where master_key_id = ?")
                .param(newMaster).query(Long.class).single());
        boolean retired = masterKeys.retire(oldMaster, schools());

        assertThat(signingRows).isGreaterThanOrEqualTo(2);
        assertThat(awaiting).as("signing keys counted as awaiting").isGreaterThanOrEqualTo(signingRows + platformKeysets);
        assertThat(underNew).isEqualTo(signingRows);
        assertThat(retired).isTrue();
        assertThat(masterKeys.status().keyIds()).doesNotContain(oldMaster);
        // With the old master key gone, every row still opens: public keys read, the current private key unwraps.
        List<PublicKey> keys = signingKeys.publicKeys();
        assertThat(keys).hasSize((int) signingRows);
        assertThat(keys).anySatisfy(key -> assertThat(key.publicKey()).isEqualTo(before.publicKey()));
        UUID current = idOf(last(keys).publicKey());
        byte[] wrapped = tenancy.asPlatform(() -> jdbc.sql(
                        "select wrapped_private_keyset from platform_signing_key where id = ?")
                .param(current).query(byte[].class).single());
        KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, masterKey.aead(), privateAd(current));
        assertThat(((Ed25519PrivateKey) keyset.getPrimary().getKey()).getPublicKey().getPublicKeyBytes().toByteArray())
                .isEqualTo(last(keys).publicKey());
        Signed after = signingKeys.sign(NOTE);
        new Ed25519Verify(last(keys).publicKey()).verify(after.signature(), NOTE);
    }

    private static PublicKey last(List<PublicKey> keys) {
        return keys.get(keys.size() - 1);
    }

    private void rewrapEverything() {
        while (masterKeys.rewrapPlatform(100) > 0) {
            // until nothing is left
        }
        for (UUID school : schools()) {
            masterKeys.rewrapSchool(school);
        }
    }

    private List<UUID> schools() {
        return tenancy.asPlatform(() -> jdbc.sql("select id from school").query(UUID.class).list());
    }

    /** The row whose public key this is, found through the verified list (the table holds it sealed). */
    private UUID idOf(byte[] publicKey) {
        List<UUID> ids = tenancy.asPlatform(() -> jdbc.sql(
                        "select id from platform_signing_key order by created_at, retired_at is null, retired_at, id")
                .query(UUID.class).list());
        List<PublicKey> keys = signingKeys.publicKeys();
        for (int i = 0; i < keys.size(); i++) {
            if (Arrays.equals(keys.get(i).publicKey(), publicKey)) {
                return ids.get(i);
            }
        }
        throw new AssertionError("no such key");
    }

    private static byte[] privateAd(UUID id) {
        return ("custodian/signing-key-private/v1|" + id).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", ""));
    }

    /** As the database owner, in platform scope (the owner passes the forced policy by naming it). */
    private void asOwner(String sql, Object... params) {
        try (Connection connection = databaseOwner.connect()) {
            connection.createStatement().execute("select set_config('custodian.platform', 'on', false)");
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    statement.setObject(i + 1, params[i]);
                }
                assertThat(statement.executeUpdate()).isPositive();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
