package org.custodian.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads at rest: unreadable on disk, bound to their name and key, owner-only. */
class SealedFilesTests {

    @TempDir Path dir;

    @Test
    void aSealedFileHoldsNoPlaintextAndOpensOnlyWithItsKeyUnderItsName() throws Exception {
        TinkSealedFiles files = new TinkSealedFiles(platformAead(), masterKey());
        byte[] content = "UPN,Forename\nA999400126001,Fakeforename\n".repeat(50_000).getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("job.sealed");

        byte[] key = files.seal(file, new ByteArrayInputStream(content));

        byte[] onDisk = Files.readAllBytes(file);
        assertThat(new String(onDisk, StandardCharsets.ISO_8859_1)).doesNotContain("Fakeforename");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (InputStream in = files.open(file, key)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }

        Path renamed = Files.copy(file, dir.resolve("other.sealed"));
        assertThatThrownBy(() -> files.open(renamed, key)).isInstanceOf(IllegalStateException.class);
        byte[] otherKey = files.seal(dir.resolve("second.sealed"), new ByteArrayInputStream(content));
        assertThatThrownBy(() -> files.open(file, otherKey)).isInstanceOf(IllegalStateException.class);

        onDisk[onDisk.length / 2] ^= 1;
        Files.write(file, onDisk);
        assertThatThrownBy(() -> {
            try (InputStream in = files.open(file, key)) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class);
    }

    private org.custodian.crypto.MasterKey masterKey() {
        MasterKeyFile.generate(dir.resolve("master.json"));
        return MasterKeyFile.load(dir.resolve("master.json"));
    }

    private static java.util.function.Supplier<Aead> platformAead() throws Exception {
        AeadConfig.register();
        Aead aead = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
        return () -> aead;
    }
}
