package org.custodian.database.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL used when no external {@code spring.datasource.url} is configured.
 *
 * @param dataDir        the PostgreSQL data directory; it survives restarts
 * @param privateDir     owner-only (0700) directory for the roles' passwords (0600) and the server's
 *                       Unix socket
 * @param binariesDir    owner-only directory the PostgreSQL binaries are unpacked into (never a
 *                       shared, world-writable temporary folder: whoever can write there runs code
 *                       as this user)
 * @param databaseName   the database the application uses
 * @param ownerRole      owns the schema; Flyway migrations run as this role
 * @param startupWait    how long to wait for PostgreSQL to accept connections
 * @param stopOrphanWait how long to wait for an orphaned PostgreSQL of a killed run to shut down
 * @param backupRole     reads every table for backups: BYPASSRLS and SELECT only, never an owner
 */
@ConfigurationProperties("custodian.database.embedded")
record EmbeddedDatabaseProperties(
        Path dataDir,
        Path privateDir,
        Path binariesDir,
        @DefaultValue("custodian") String databaseName,
        @DefaultValue("custodian_owner") String ownerRole,
        @DefaultValue("PT60S") Duration startupWait,
        @DefaultValue("PT60S") Duration stopOrphanWait,
        @DefaultValue("custodian_backup") String backupRole) {

    /** The layout the application uses: everything beside the PostgreSQL data directory. */
    static EmbeddedDatabaseProperties beside(Path dataDir) {
        Path absolute = dataDir.toAbsolutePath().normalize();
        String name = absolute.getFileName().toString();
        return new EmbeddedDatabaseProperties(absolute, absolute.resolveSibling(name + "-private"),
                absolute.resolveSibling(name + "-binaries"), "custodian", "custodian_owner",
                Duration.ofSeconds(60), Duration.ofSeconds(60), "custodian_backup");
    }
}
