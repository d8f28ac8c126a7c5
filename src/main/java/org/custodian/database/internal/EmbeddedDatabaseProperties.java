package org.custodian.database.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL used when no external {@code spring.datasource.url} is configured.
 *
 * @param dataDir       the PostgreSQL data directory; it survives restarts
 * @param databaseName  the database the application uses
 * @param ownerRole     owns the schema; Flyway migrations run as this role
 * @param startupWait   how long to wait for PostgreSQL to accept connections
 * @param stopOrphanWait how long to wait for an orphaned PostgreSQL of a killed run to shut down
 */
@ConfigurationProperties("custodian.database.embedded")
record EmbeddedDatabaseProperties(
        Path dataDir,
        @DefaultValue("custodian") String databaseName,
        @DefaultValue("custodian_owner") String ownerRole,
        @DefaultValue("PT60S") Duration startupWait,
        @DefaultValue("PT60S") Duration stopOrphanWait) {
}
