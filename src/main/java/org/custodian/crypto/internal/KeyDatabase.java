package org.custodian.crypto.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.custodian.database.KeysDatabase;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * The key store's own database: its migrations ({@code db/keys}, run here at start as its owner),
 * its pool (as its application role) and its transactions, each scoped to one school (row-level
 * security) or, read-only, to the platform. Deliberately not a {@code DataSource} bean: the data
 * database stays the application's only one. Its transactions are independent of the data
 * database's: a key write commits when its own work ends, whatever the caller's transaction does.
 */
@Component
class KeyDatabase implements AutoCloseable {

    private static final String PLATFORM = "platform";

    /** The scope of the key transaction this thread is in, if any. */
    private static final ThreadLocal<String> SCOPE = new ThreadLocal<>();

    private final HikariDataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate writes;
    private final TransactionTemplate snapshots;
    private final String url;
    private final KeysDatabase.Login owner;

    KeyDatabase(KeyStoreProperties properties, ObjectProvider<KeysDatabase> embedded) {
        KeyStoreProperties.Datasource configured = properties.datasource();
        KeysDatabase.Login app;
        if (StringUtils.hasText(configured.url())) {
            if (!StringUtils.hasText(configured.username()) || !StringUtils.hasText(configured.ownerUsername())) {
                throw new IllegalStateException("custodian.keys.datasource.url is set: set custodian.keys.datasource."
                        + "username (the application role) and owner-username (the owner of the key tables) too");
            }
            url = configured.url();
            app = new KeysDatabase.Login(configured.username(), configured.password());
            owner = new KeysDatabase.Login(configured.ownerUsername(), configured.ownerPassword());
        } else {
            KeysDatabase keys = embedded.getIfAvailable();
            if (keys == null) {
                throw new IllegalStateException("With an external data database (spring.datasource.url) the keys need "
                        + "their own: set custodian.keys.datasource.url, username, password, owner-username and "
                        + "owner-password (see docs/keys.md)");
            }
            url = keys.jdbcUrl();
            app = keys.app();
            owner = keys.owner();
        }
        Flyway.configure()
                .dataSource(url, owner.username(), owner.password())
                .locations("classpath:db/keys")
                .placeholders(Map.of("app_role", app.username()))
                .load()
                .migrate();
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(app.username());
        pool.setPassword(app.password());
        pool.setPoolName("custodian-keys");
        pool.setMaximumPoolSize(configured.maximumPoolSize());
        pool.addDataSourceProperty("logServerErrorDetail", "false");
        this.dataSource = pool;
        try {
            requireNeitherOwnerNorSuperuser();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        this.jdbc = JdbcClient.create(pool);
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(pool);
        this.writes = new TransactionTemplate(transactionManager);
        this.snapshots = new TransactionTemplate(transactionManager);
        snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshots.setReadOnly(true);
        snapshots.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    /** Connections for work outside a transaction (VACUUM), as the application role. */
    DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} in a key transaction scoped to the school (joined if one is under way). */
    <T> T inSchool(UUID schoolId, Supplier<T> work) {
        return within(Objects.requireNonNull(schoolId).toString(), work);
    }

    /** Reads across schools (row-level security lets a platform transaction read, never write). */
    <T> T asPlatform(Supplier<T> work) {
        return within(PLATFORM, work);
    }

    /** One REPEATABLE READ read-only transaction across schools, on a connection of its own. */
    <T> T snapshot(java.util.function.Function<Connection, T> work) {
        return snapshots.execute(status -> {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                apply(connection, PLATFORM);
                return work.apply(connection);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not open a snapshot of the key database", e);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        });
    }

    private <T> T within(String scope, Supplier<T> work) {
        String previous = SCOPE.get();
        SCOPE.set(scope);
        try {
            if (!TransactionSynchronizationManager.hasResource(dataSource)) {
                return writes.execute(status -> {
                    applyToCurrent(scope);
                    return work.get();
                });
            }
            if (scope.equals(previous)) {
                return work.get();
            }
            applyToCurrent(scope);
            try {
                return work.get();
            } finally {
                applyToCurrent(previous);
            }
        } finally {
            if (previous == null) {
                SCOPE.remove();
            } else {
                SCOPE.set(previous);
            }
        }
    }

    private void applyToCurrent(String scope) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            apply(connection, scope);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the key database's scope", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static void apply(Connection connection, String scope) throws SQLException {
        boolean platform = PLATFORM.equals(scope);
        try (PreparedStatement statement = connection.prepareStatement(
                "select set_config('custodian.school_id', ?, true), set_config('custodian.platform', ?, true)")) {
            statement.setString(1, platform || scope == null ? "" : scope);
            statement.setString(2, platform ? "on" : "");
            statement.execute();
        }
    }

    /** Superusers and owners would pass row-level security unnoticed (owners only if it were not forced). */
    private void requireNeitherOwnerNorSuperuser() {
        Boolean privileged = JdbcClient.create(dataSource).sql("""
                        select r.rolsuper or r.rolbypassrls or exists (
                            select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                            where n.nspname = 'public' and c.relowner = r.oid)
                        from pg_roles r where r.rolname = current_user""")
                .query(Boolean.class).single();
        if (Boolean.TRUE.equals(privileged)) {
            throw new IllegalStateException("The key database's application role must be neither superuser, "
                    + "nor BYPASSRLS, nor the owner of a key table (custodian.keys.datasource.username)");
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public String toString() {
        return "KeyDatabase[" + url + "]";
    }
}
