package org.custodian.database.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.util.FileSystemUtils;

/**
 * Start-up refuses a database role that could step around row-level security or reach server
 * files, as an external database's administrator might grant by mistake.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AppRoleCheckIT {

    private static final String APP = EmbeddedPostgresChild.APP_ROLE;
    private static Path root;
    private static EmbeddedPostgresServer server;

    @BeforeAll
    static void start() throws IOException {
        root = Files.createTempDirectory("crc");
        server = EmbeddedPostgresServer.start(root.resolve("postgres"), APP);
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        FileSystemUtils.deleteRecursively(root);
    }

    @Test
    void anOrdinaryApplicationRolePasses() {
        AppRoleCheck check = new AppRoleCheck(server.dataSource(APP));

        assertThat(check.problems()).isEmpty();
        check.afterSingletonsInstantiated();
    }

    @Test
    void aSuperuserIsRefused() throws Exception {
        assertRefusedWhile("alter role " + APP + " superuser", "alter role " + APP + " nosuperuser", "superuser");
    }

    @Test
    void bypassRlsIsRefused() throws Exception {
        assertRefusedWhile("alter role " + APP + " bypassrls", "alter role " + APP + " nobypassrls", "BYPASSRLS");
    }

    @Test
    void membershipOfAServerFileRoleIsRefused() throws Exception {
        for (String role : new String[] {"pg_read_server_files", "pg_write_server_files", "pg_execute_server_program"}) {
            assertRefusedWhile("grant " + role + " to " + APP, "revoke " + role + " from " + APP, role);
        }
    }

    @Test
    void owningATableIsRefused() throws Exception {
        assertRefusedWhile("create table owned_by_app (id int); alter table owned_by_app owner to " + APP,
                "drop table owned_by_app", "owns tables (public.owned_by_app)");
    }

    private static void assertRefusedWhile(String grant, String revoke, String reason) throws SQLException {
        superuser(grant);
        try {
            AppRoleCheck check = new AppRoleCheck(server.dataSource(APP));
            assertThat(check.problems()).anyMatch(problem -> problem.contains(reason));
            assertThatThrownBy(check::afterSingletonsInstantiated)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Custodian refuses to run")
                    .hasMessageContaining(reason);
        } finally {
            superuser(revoke);
        }
    }

    private static void superuser(String sql) throws SQLException {
        try (Connection connection = server.dataSource("postgres").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
