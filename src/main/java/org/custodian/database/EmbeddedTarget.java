package org.custodian.database;

import java.nio.file.Path;

/**
 * A new embedded data directory for the restore command: the embedded PostgreSQL started in the
 * layout Custodian uses under {@code custodian.data-dir} (its roles, the data database and the key
 * database made, both empty), so Custodian started on that data dir finds what was restored.
 */
public interface EmbeddedTarget extends AutoCloseable {

    ScratchDatabases.Target data();

    ScratchDatabases.Target keys();

    /** Stops the server this process started. */
    @Override
    void close();

    static EmbeddedTarget start(Path customDataDir, String appRole) {
        return org.custodian.database.internal.EmbeddedTargets.start(customDataDir, appRole);
    }
}
