package org.custodian.database.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.custodian.database.KeysDatabase;
import org.custodian.database.ScratchDatabases;

/** Creates the pair as the server's superuser, each owned by the role that owns the real one. */
class EmbeddedScratchDatabases implements ScratchDatabases {

    private final EmbeddedPostgresServer server;
    private final String ownerRole;
    private final String appRole;
    private final String backupRole;

    EmbeddedScratchDatabases(EmbeddedPostgresServer server, String ownerRole, String appRole, String backupRole) {
        this.server = server;
        this.ownerRole = ownerRole;
        this.appRole = appRole;
        this.backupRole = backupRole;
    }

    @Override
    public Scratch create() {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        String data = "custodian_drill_" + suffix;
        String keys = "custodian_drill_keys_" + suffix;
        execute("create database " + data + " owner " + ownerRole,
                "revoke all on database " + data + " from public",
                "create database " + keys + " owner " + EmbeddedPostgresServer.KEYS_OWNER_ROLE,
                "revoke all on database " + keys + " from public");
        Target dataTarget = new Target(url(data), new KeysDatabase.Login(ownerRole, server.password(ownerRole)), appRole, backupRole);
        Target keysTarget = new Target(url(keys), new KeysDatabase.Login(EmbeddedPostgresServer.KEYS_OWNER_ROLE,
                server.password(EmbeddedPostgresServer.KEYS_OWNER_ROLE)), EmbeddedPostgresServer.KEYS_APP_ROLE, null);
        return new Scratch() {
            @Override
            public Target data() {
                return dataTarget;
            }

            @Override
            public Target keys() {
                return keysTarget;
            }

            @Override
            public void close() {
                execute("drop database if exists " + data + " with (force)", "drop database if exists " + keys + " with (force)");
            }
        };
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + database;
    }

    private void execute(String... statements) {
        try (Connection connection = server.dataSource(DatabaseCredentials.SUPERUSER).getConnection();
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create or drop a scratch database (SQLState " + e.getSQLState() + ")", e);
        }
    }
}
