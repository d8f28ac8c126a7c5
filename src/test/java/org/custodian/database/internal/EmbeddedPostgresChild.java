package org.custodian.database.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;

/**
 * The "previous run" of {@link OrphanedPostgresRecoveryIT}: a separate JVM that starts the embedded
 * PostgreSQL, commits a row, leaves a second row uncommitted in an open transaction (like a request
 * in flight), prints {@value #READY} with the postmaster's pid and then waits to be killed.
 *
 * <p>Arguments: the data directory, the token to commit, the token to leave uncommitted.
 */
public final class EmbeddedPostgresChild {

    static final String READY = "EMBEDDED-POSTGRES-CHILD-READY postmaster=";
    static final String TABLE = "recovery_probe";
    static final String APP_ROLE = "custodian_app";
    static final String OWNER_ROLE = "custodian_owner";

    /** Bounded even if nobody kills us: the test kills this JVM within seconds of READY. */
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private EmbeddedPostgresChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        String committed = args[1];
        String uncommitted = args[2];

        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, APP_ROLE);
        try (Connection owner = server.dataSource(OWNER_ROLE).getConnection();
             Statement statement = owner.createStatement()) {
            statement.execute("create table if not exists " + TABLE + " (token text primary key)");
            statement.execute("grant select, insert on " + TABLE + " to " + APP_ROLE);
        }
        try (Connection app = server.dataSource(APP_ROLE).getConnection()) {
            insert(app, committed); // autocommit: committed when this returns
        }
        // Left open on purpose: the JVM dies with this transaction in flight.
        Connection inFlight = server.dataSource(APP_ROLE).getConnection();
        inFlight.setAutoCommit(false);
        insert(inFlight, uncommitted);

        String pid = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).trim();
        System.out.println(READY + pid);
        System.out.flush();
        Thread.sleep(LIFETIME.toMillis());
        System.exit(1); // not killed in time: the test has failed already
    }

    private static void insert(Connection connection, String token) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("insert into " + TABLE + " (token) values (?)")) {
            insert.setString(1, token);
            insert.executeUpdate();
        }
    }
}
