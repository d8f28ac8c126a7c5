package org.custodian.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Function;

import org.custodian.database.KeysDatabase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The key store's tables, in their own database, read and written as its application role (or its
 * owner) in one transaction scoped to a school or to the platform: what tests check of keys.
 */
@TestComponent
public class KeyTables {

    private final ObjectProvider<KeysDatabase> keys;

    public KeyTables(ObjectProvider<KeysDatabase> keys) {
        this.keys = keys;
    }

    public <T> T inSchool(UUID school, Function<JdbcClient, T> work) {
        return run(keys().app(), school.toString(), "", work);
    }

    public <T> T asPlatform(Function<JdbcClient, T> work) {
        return run(keys().app(), "", "on", work);
    }

    /** In neither a school's nor the platform's scope: row-level security shows nothing. */
    public <T> T unscoped(Function<JdbcClient, T> work) {
        return run(keys().app(), "", "", work);
    }

    /** As the owner of the key tables (row-level security is forced on it too). */
    public <T> T asOwner(UUID school, Function<JdbcClient, T> work) {
        return run(keys().owner(), school == null ? "" : school.toString(), school == null ? "on" : "", work);
    }

    public long count(UUID school, String sql, Object... params) {
        return inSchool(school, jdbc -> jdbc.sql(sql).params(params).query(Long.class).single());
    }

    private KeysDatabase keys() {
        KeysDatabase database = keys.getIfAvailable();
        if (database == null) {
            throw new IllegalStateException("No embedded key database in this context");
        }
        return database;
    }

    private <T> T run(KeysDatabase.Login login, String school, String platform, Function<JdbcClient, T> work) {
        try (Connection connection = DriverManager.getConnection(keys().jdbcUrl(), login.username(), login.password())) {
            connection.setAutoCommit(false);
            try (PreparedStatement scope = connection.prepareStatement(
                    "select set_config('custodian.school_id', ?, true), set_config('custodian.platform', ?, true)")) {
                scope.setString(1, school);
                scope.setString(2, platform);
                scope.execute();
            }
            try {
                T result = work.apply(JdbcClient.create(new SingleConnectionDataSource(connection, true)));
                connection.commit();
                return result;
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
