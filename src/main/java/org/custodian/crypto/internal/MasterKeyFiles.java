package org.custodian.crypto.internal;

import java.nio.file.Path;

import org.custodian.crypto.MasterKey;

/** Opens an existing master key file for tools that run without the application context. */
public final class MasterKeyFiles {

    private MasterKeyFiles() {
    }

    public static MasterKey load(Path file) {
        if (!MasterKeyFile.exists(file)) {
            throw new IllegalArgumentException("No master key file at " + file);
        }
        return MasterKeyFile.load(file);
    }
}
