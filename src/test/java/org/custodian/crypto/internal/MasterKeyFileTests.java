package org.custodian.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyFileTests {

    private static final byte[] PLAINTEXT = "a school's keyset".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTEXT = "school:1234".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path directory;

    @Test
    void generateCreatesAFileReadableAndWritableByItsOwnerOnly() throws Exception {
        Path file = directory.resolve("keys").resolve("master-keyset.json");

        MasterKeyFile.generate(file);

        assertThat(MasterKeyFile.exists(file)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void theLoadedKeyEncryptsAndDecryptsAndALaterLoadOfTheSameFileDecryptsToo() throws Exception {
        Path file = directory.resolve("master-keyset.json");
        MasterKeyFile.generate(file);

        byte[] ciphertext = MasterKeyFile.load(file).aead().encrypt(PLAINTEXT, CONTEXT);

        assertThat(ciphertext).isNotEqualTo(PLAINTEXT);
        assertThat(MasterKeyFile.load(file).aead().decrypt(ciphertext, CONTEXT)).isEqualTo(PLAINTEXT);
        assertThatThrownBy(() -> MasterKeyFile.load(file).aead().decrypt(ciphertext, "school:9999".getBytes()))
                .as("the associated data is bound to the ciphertext")
                .isInstanceOf(java.security.GeneralSecurityException.class);
    }

    @Test
    void aKeyFromAnotherFileCannotDecrypt() throws Exception {
        Path first = directory.resolve("first.json");
        Path second = directory.resolve("second.json");
        MasterKeyFile.generate(first);
        MasterKeyFile.generate(second);

        byte[] ciphertext = MasterKeyFile.load(first).aead().encrypt(PLAINTEXT, CONTEXT);

        assertThatThrownBy(() -> MasterKeyFile.load(second).aead().decrypt(ciphertext, CONTEXT))
                .isInstanceOf(java.security.GeneralSecurityException.class);
    }

    @Test
    void loadRefusesAFileOthersCanRead() throws Exception {
        Path file = directory.resolve("master-keyset.json");
        MasterKeyFile.generate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> MasterKeyFile.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chmod 600");
    }

    @Test
    void loadRefusesAFileItsGroupCanRead() throws Exception {
        Path file = directory.resolve("master-keyset.json");
        MasterKeyFile.generate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> MasterKeyFile.load(file)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void loadAcceptsAReadOnlyFileOfItsOwner() throws Exception {
        Path file = directory.resolve("master-keyset.json");
        MasterKeyFile.generate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));

        assertThat(MasterKeyFile.load(file).aead().encrypt(PLAINTEXT, CONTEXT)).isNotEmpty();
    }

    @Test
    void loadRefusesAFileThatIsNotATinkKeyset() throws Exception {
        Path file = directory.resolve("master-keyset.json");
        Files.writeString(file, "{\"not\": \"a keyset\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> MasterKeyFile.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a valid Tink AEAD keyset");
    }

    @Test
    void toStringRevealsNothingOfTheKey() throws Exception {
        Path file = directory.resolve("master-keyset.json");
        MasterKeyFile.generate(file);
        String json = Files.readString(file);
        Matcher keyValue = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        Matcher keyId = Pattern.compile("\"primaryKeyId\"\\s*:\\s*(\\d+)").matcher(json);
        assertThat(keyValue.find()).as("the test reads the key material from the file").isTrue();
        assertThat(keyId.find()).isTrue();

        String shown = MasterKeyFile.load(file).toString();

        assertThat(shown).isEqualTo("MasterKeyFile[redacted]")
                .doesNotContain(keyValue.group(1))
                .doesNotContain(keyId.group(1))
                .doesNotContain(file.toString());
    }
}
