package org.custodian.crypto;

import java.nio.file.Path;

/** The master key read from its file outside the application (the restore command). */
public final class OfflineMasterKey {

    private OfflineMasterKey() {
    }

    public static MasterKey load(Path file) {
        return org.custodian.crypto.internal.MasterKeyFiles.load(file);
    }
}
