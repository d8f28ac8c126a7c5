package org.custodian.database.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the embedded PostgreSQL and makes sure its database and roles exist. The server runs with
 * durability settings on (zonky's defaults turn fsync off, which is fine for tests only), listens on
 * 127.0.0.1 only, keeps its Unix socket in an owner-only directory, and every role logs in with a
 * SCRAM-SHA-256 password from an owner-only file. Nothing keeps a superuser connection open.
 *
 * <p>If a living Custodian process already runs the server of this data directory, this process
 * connects beside it with the same credentials and never stops it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** Socket paths longer than this do not fit a Unix socket address (108 bytes with the NUL). */
    private static final int MAX_SOCKET_PATH = 107;
    private static final Pattern SHELL_SAFE_PATH = Pattern.compile("[A-Za-z0-9/._-]+");
    /** The key store's database, apart from the data, and its own two roles (see crypto's KeyStore). */
    static final String KEYS_DATABASE = "custodian_keys";
    static final String KEYS_OWNER_ROLE = "custodian_keys_owner";
    static final String KEYS_APP_ROLE = "custodian_keys_app";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final int port;
    private final String databaseName;
    private final DatabaseCredentials credentials;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, int port, String databaseName,
                                   DatabaseCredentials credentials) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.port = port;
        this.databaseName = databaseName;
        this.credentials = credentials;
    }

    static EmbeddedPostgresServer start(EmbeddedDatabaseProperties properties, String appRole) {
        requireIdentifier(properties.databaseName());
        requireIdentifier(properties.ownerRole());
        requireIdentifier(appRole);
        requireIdentifier(properties.backupRole());
        Path dataDir = properties.dataDir().toAbsolutePath().normalize();
        try {
            createPrivateDirectory(dataDir);
            createPrivateDirectory(properties.privateDir());
            createPrivateDirectory(properties.binariesDir());
            Path credentialsFile = properties.privateDir().resolve("database-passwords.properties");
            if (LiveDataDirectory.inUse(dataDir)) {
                return besideRunningServer(dataDir, properties, credentialsFile);
            }
            OrphanedPostmaster.stopIfRunning(dataDir, properties.stopOrphanWait());
            DatabaseCredentials credentials = DatabaseCredentials.loadOrCreate(credentialsFile,
                    DatabaseCredentials.SUPERUSER, properties.ownerRole(), appRole, properties.backupRole(),
                    KEYS_OWNER_ROLE, KEYS_APP_ROLE);
            boolean existedBefore = Files.exists(dataDir.resolve("postgresql.conf"));
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(
                            PasswordAuthentication.PostgresBinaries.unpackDirectory(properties.binariesDir()).toFile())
                    .setPgBinaryResolver(new PasswordAuthentication.PostgresBinaries.Resolver(
                            properties.binariesDir().toAbsolutePath().normalize()))
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", socketDirectory(properties.privateDir()))
                    .setServerConfig("unix_socket_permissions", "0700")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setConnectConfig("password", credentials.password(DatabaseCredentials.SUPERUSER))
                    .setDataDirectoryCustomizer(directory -> PasswordAuthentication.require(
                            directory.toPath(), properties.binariesDir(), credentials, existedBefore))
                    .setPGStartupWait(properties.startupWait())
                    .start();
            LiveDataDirectory.startedHere(dataDir);
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dataDir, postgres.getPort(),
                    properties.databaseName(), credentials);
            server.createRolesAndDatabase(properties.ownerRole(), appRole, properties.backupRole());
            log.info("Embedded PostgreSQL is running on 127.0.0.1:{} with its data in {}; every role needs its "
                    + "password (in {})", postgres.getPort(), dataDir, credentialsFile.toAbsolutePath().normalize());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL. If this fails with "
                    + "'initdb: cannot be run as root', user namespaces are blocked here: run as a normal user "
                    + "or configure an external PostgreSQL with spring.datasource.url", e);
        }
    }

    /** Starts a server for the tools and tests that need one outside a Spring context. */
    public static EmbeddedPostgresServer start(Path dataDir, String appRole) {
        return start(EmbeddedDatabaseProperties.beside(dataDir), appRole);
    }

    private static EmbeddedPostgresServer besideRunningServer(Path dataDir, EmbeddedDatabaseProperties properties,
                                                              Path credentialsFile) throws IOException {
        var port = LiveDataDirectory.port(dataDir);
        if (port.isEmpty() || !Files.exists(credentialsFile)) {
            throw new IllegalStateException("Custodian is running on this data dir (" + dataDir
                    + ") and its database is not ready to share; stop it first or try again in a moment");
        }
        log.warn("Custodian is running on this data dir ({}): connecting beside it to its PostgreSQL on "
                + "127.0.0.1:{}; this process will not stop that database", dataDir, port.getAsInt());
        return new EmbeddedPostgresServer(null, dataDir, port.getAsInt(), properties.databaseName(),
                DatabaseCredentials.load(credentialsFile));
    }

    /** A connection factory for {@code role}, with its password; never pooled. */
    public DataSource dataSource(String role) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(databaseName);
        dataSource.setUser(role);
        dataSource.setPassword(credentials.password(role));
        return dataSource;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + databaseName;
    }

    /** The key store's database on this server. */
    public String keysJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + KEYS_DATABASE;
    }

    public String password(String role) {
        return credentials.password(role);
    }

    public int port() {
        return port;
    }

    /** False when this process connected beside a server another Custodian process runs. */
    public boolean runsTheServer() {
        return postgres != null;
    }

    private void createRolesAndDatabase(String ownerRole, String appRole, String backupRole) {
        DataSource superuser = postgres.getPostgresDatabase();
        try (Connection connection = superuser.getConnection();
             Statement statement = connection.createStatement()) {
            prepareRole(statement, ownerRole, "nobypassrls");
            prepareRole(statement, appRole, "nobypassrls");
            // Backups read every school's rows: BYPASSRLS, but no superuser, no owner, and SELECT only
            // (granted by the migrations, which the owner runs).
            prepareRole(statement, backupRole, "bypassrls");
            prepareRole(statement, KEYS_OWNER_ROLE, "nobypassrls");
            prepareRole(statement, KEYS_APP_ROLE, "nobypassrls");
            createDatabase(statement, databaseName, ownerRole, appRole);
            // Every start: a database made before the backup role existed gains it.
            statement.execute("grant connect on database " + databaseName + " to " + backupRole);
            // Apart from the data: the data's roles cannot connect to it, nor the key roles to the data.
            createDatabase(statement, KEYS_DATABASE, KEYS_OWNER_ROLE, KEYS_APP_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the embedded database (SQLState "
                    + e.getSQLState() + ")", e);
        }
    }

    private static void createDatabase(Statement statement, String name, String owner, String app) throws SQLException {
        if (!exists(statement, "select 1 from pg_database where datname = '" + name + "'")) {
            statement.execute("create database " + name + " owner " + owner);
            statement.execute("revoke all on database " + name + " from public");
            statement.execute("grant connect on database " + name + " to " + app);
        }
    }

    private void prepareRole(Statement statement, String role, String rowSecurity) throws SQLException {
        if (!exists(statement, "select 1 from pg_roles where rolname = '" + role + "'")) {
            // No role is a superuser: superusers would bypass row-level security and read server files.
            statement.execute("create role " + role + " login nosuperuser nocreatedb nocreaterole " + rowSecurity);
        }
        // Set at every start: cheap, and an upgraded data directory's roles had none.
        String verifier = PasswordUtil.encodeScramSha256(credentials.password(role).toCharArray());
        statement.execute("alter role " + role + " password '" + verifier + "'");
    }

    private static String socketDirectory(Path privateDir) throws IOException {
        Path socketDir = privateDir.toAbsolutePath().normalize();
        String path = socketDir.toString();
        if (path.length() + "/.s.PGSQL.65535".length() > MAX_SOCKET_PATH || !SHELL_SAFE_PATH.matcher(path).matches()) {
            // Custodian connects over TCP only; without a socket no local user can reach one either.
            log.info("The data directory's path is too long or unusual for a Unix socket; PostgreSQL listens on "
                    + "127.0.0.1 only");
            return "";
        }
        return path;
    }

    private static void createPrivateDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
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
        if (postgres != null) {
            try {
                postgres.close();
            } finally {
                LiveDataDirectory.stoppedHere(dataDir);
            }
        }
    }
}
