package org.custodian.database.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.custodian.database.EmbeddedTarget;
import org.custodian.database.KeysDatabase;
import org.custodian.database.ScratchDatabases;

/** The embedded server at {@code <data-dir>/postgres}, as the application lays it out. */
public final class EmbeddedTargets {

    private EmbeddedTargets() {
    }

    public static EmbeddedTarget start(Path customDataDir, String appRole) {
        EmbeddedDatabaseProperties properties = EmbeddedDatabaseProperties.beside(customDataDir.resolve("postgres"));
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(properties, appRole);
        ScratchDatabases.Target data = new ScratchDatabases.Target(server.jdbcUrl(),
                new KeysDatabase.Login(properties.ownerRole(), server.password(properties.ownerRole())), appRole,
                properties.backupRole());
        ScratchDatabases.Target keys = new ScratchDatabases.Target(server.keysJdbcUrl(),
                new KeysDatabase.Login(EmbeddedPostgresServer.KEYS_OWNER_ROLE, server.password(EmbeddedPostgresServer.KEYS_OWNER_ROLE)),
                EmbeddedPostgresServer.KEYS_APP_ROLE, null);
        return new EmbeddedTarget() {
            @Override
            public ScratchDatabases.Target data() {
                return data;
            }

            @Override
            public ScratchDatabases.Target keys() {
                return keys;
            }

            @Override
            public void close() {
                try {
                    server.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
