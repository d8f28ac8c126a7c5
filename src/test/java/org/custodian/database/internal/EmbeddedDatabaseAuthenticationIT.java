package org.custodian.database.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.util.FileSystemUtils;

/**
 * The embedded cluster lets nobody in without a password: not over TCP, not over a socket in a
 * shared folder. The application role cannot read server files, and no superuser connection stays
 * open. A data directory made by an earlier version (everything trusted, no passwords) is upgraded.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EmbeddedDatabaseAuthenticationIT {

    private static final String APP = EmbeddedPostgresChild.APP_ROLE;
    private static final String OWNER = EmbeddedPostgresChild.OWNER_ROLE;
    private static final List<String> ROLES = List.of("postgres", OWNER, APP);

    // Short, so the socket's path fits a Unix socket address wherever the build runs.
    private final Path root = createRoot();
    private final Path dataDir = root.resolve("postgres");
    private EmbeddedPostgresServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        FileSystemUtils.deleteRecursively(root);
    }

    @Test
    void noRoleConnectsWithoutItsPassword() throws Exception {
        server = EmbeddedPostgresServer.start(dataDir, APP);

        for (String role : ROLES) {
            assertThatThrownBy(() -> connect(role, null).close()).as(role + " without a password")
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(role, "not-the-password").close()).as(role + " with a wrong password")
                    .isInstanceOf(SQLException.class);
            try (Connection connection = connect(role, server.password(role))) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
        assertThat(setting("password_encryption")).isEqualTo("scram-sha-256");
        assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).doesNotContain("trust").contains("scram-sha-256");
    }

    @Test
    void theServerListensOnLoopbackOnlyWithItsSocketInAnOwnerOnlyDirectory() throws Exception {
        server = EmbeddedPostgresServer.start(dataDir, APP);
        Path privateDir = root.resolve("postgres-private");

        assertThat(setting("listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(setting("unix_socket_directories")).isEqualTo(privateDir.toString());
        assertThat(setting("unix_socket_permissions")).isEqualTo("0700");
        assertThat(Path.of("/tmp", ".s.PGSQL." + server.port())).doesNotExist();
        assertThat(privateDir.resolve(".s.PGSQL." + server.port())).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                privateDir.resolve("database-passwords.properties")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("postgres-binaries"))))
                .as("the unpacked binaries are out of other users' reach").isEqualTo("rwx------");
    }

    @Test
    void theApplicationRoleCannotReadServerFilesAndNoSuperuserStaysConnected() throws Exception {
        server = EmbeddedPostgresServer.start(dataDir, APP);

        try (Connection app = connect(APP, server.password(APP)); Statement statement = app.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("select pg_read_file('postgresql.conf')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            assertThatThrownBy(() -> statement.executeQuery("select pg_ls_dir('.')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            try (ResultSet row = statement.executeQuery(
                    "select count(*) from pg_stat_activity where usename = 'postgres' and backend_type = 'client backend'")) {
                row.next();
                assertThat(row.getInt(1)).as("open superuser connections").isZero();
            }
        }
    }

    @Test
    void aDataDirectoryThatTrustedEveryoneIsUpgradedOnItsFirstStart() throws Exception {
        // As an earlier version left it: initdb's "trust" for every local connection, roles without passwords.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                .setCleanDataDirectory(false).start()) {
            try (Connection connection = old.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("create role " + OWNER + " login");
                statement.execute("create role " + APP + " login");
                statement.execute("create database custodian owner " + OWNER);
            }
            try (Connection connection = old.getDatabase(OWNER, "custodian").getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("create table kept (token text)");
                statement.execute("insert into kept values ('from-before-the-upgrade')");
            }
        }
        assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).contains("trust");

        server = EmbeddedPostgresServer.start(dataDir, APP);

        for (String role : ROLES) {
            assertThatThrownBy(() -> connect(role, null).close()).as(role + " without a password")
                    .isInstanceOf(SQLException.class);
            try (Connection connection = connect(role, server.password(role))) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
        assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).doesNotContain("trust");
        try (Connection owner = connect(OWNER, server.password(OWNER));
             Statement statement = owner.createStatement();
             ResultSet row = statement.executeQuery("select token from kept")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("from-before-the-upgrade");
        }
    }

    @Test
    void aLostPasswordFileIsReplacedAndTheRolesFollowIt() throws Exception {
        server = EmbeddedPostgresServer.start(dataDir, APP);
        String before = server.password(APP);
        server.close();
        server = null;
        Files.delete(root.resolve("postgres-private").resolve("database-passwords.properties"));

        server = EmbeddedPostgresServer.start(dataDir, APP);

        assertThat(server.password(APP)).isNotEqualTo(before);
        for (String role : ROLES) {
            try (Connection connection = connect(role, server.password(role))) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
        assertThatThrownBy(() -> connect(APP, before).close()).isInstanceOf(SQLException.class);
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("cdb");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Connection connect(String role, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        if (password != null) {
            properties.setProperty("password", password);
        }
        String database = role.equals("postgres") ? "postgres" : "custodian";
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/" + database, properties);
    }

    private String setting(String name) throws SQLException {
        // Several of these settings are visible to superusers only.
        try (Connection connection = connect("postgres", server.password("postgres"));
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select current_setting('" + name + "')")) {
            row.next();
            return row.getString(1);
        }
    }
}
