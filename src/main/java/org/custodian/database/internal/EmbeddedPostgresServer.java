package org.custodian.database.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the embedded PostgreSQL and makes sure its database and roles exist. The server runs with
 * durability settings on (zonky's defaults turn fsync off, which is fine for tests only).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;
    private final String databaseName;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String databaseName) {
        this.postgres = postgres;
        this.databaseName = databaseName;
    }

    static EmbeddedPostgresServer start(EmbeddedDatabaseProperties properties, String appRole) {
        requireIdentifier(properties.databaseName());
        requireIdentifier(properties.ownerRole());
        requireIdentifier(appRole);
        try {
            Files.createDirectories(properties.dataDir());
            OrphanedPostmaster.stopIfRunning(properties.dataDir(), properties.stopOrphanWait());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(properties.dataDir())
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setPGStartupWait(properties.startupWait())
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, properties.databaseName());
            server.createRolesAndDatabase(properties.ownerRole(), appRole);
            log.info("Embedded PostgreSQL is running on port {} with its data in {}",
                    postgres.getPort(), properties.dataDir().toAbsolutePath().normalize());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL. If this fails with "
                    + "'initdb: cannot be run as root', user namespaces are blocked here: run as a normal user "
                    + "or configure an external PostgreSQL with spring.datasource.url", e);
        }
    }

    /** Starts a server for the tools and tests that need one outside a Spring context. */
    public static EmbeddedPostgresServer start(java.nio.file.Path dataDir, String appRole) {
        return start(new EmbeddedDatabaseProperties(dataDir, "custodian", "custodian_owner",
                java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(60)), appRole);
    }

    public DataSource dataSource(String role) {
        return postgres.getDatabase(role, databaseName);
    }

    public String jdbcUrl(String role) {
        return postgres.getJdbcUrl(role, databaseName);
    }

    public int port() {
        return postgres.getPort();
    }

    private void createRolesAndDatabase(String ownerRole, String appRole) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            createRoleIfMissing(statement, ownerRole);
            createRoleIfMissing(statement, appRole);
            if (!exists(statement, "select 1 from pg_database where datname = '" + databaseName + "'")) {
                statement.execute("create database " + databaseName + " owner " + ownerRole);
                statement.execute("revoke all on database " + databaseName + " from public");
                statement.execute("grant connect on database " + databaseName + " to " + appRole);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the embedded database", e);
        }
    }

    private static void createRoleIfMissing(Statement statement, String role) throws SQLException {
        if (!exists(statement, "select 1 from pg_roles where rolname = '" + role + "'")) {
            // Neither role is a superuser: superusers would bypass row-level security.
            statement.execute("create role " + role + " login nosuperuser nocreatedb nocreaterole");
        }
    }

    private static boolean exists(Statement statement, String query) throws SQLException {
        try (var result = statement.executeQuery(query)) {
            return result.next();
        }
    }

    private static void requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain PostgreSQL identifier: " + name);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
