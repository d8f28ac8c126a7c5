package org.custodian.tenancy.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Applies the current {@link TenantScope} to every transaction as it begins. The settings are
 * transaction-local, so a pooled connection never carries one school's scope into another's work.
 *
 * <p>The scope is resolved before the transaction takes its connection: resolving it may look up
 * the signed-in user, which may load the session from the database in a short transaction of its
 * own. Done while holding a connection, that needed a second one, and as many concurrent first
 * requests as the pool has connections each held one and waited for another until the pool timed
 * out (found by the pupil read benchmark at 16 client threads against a pool of 10).
 */
class TenantAwareTransactionManager extends JdbcTransactionManager {

    /** The scope resolved for the transaction this thread is beginning. */
    private static final ThreadLocal<TenantScope> BEGINNING = new ThreadLocal<>();

    TenantAwareTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        TenantScope outer = BEGINNING.get();
        BEGINNING.set(TenantScope.current());
        try {
            super.doBegin(transaction, definition);
        } finally {
            if (outer == null) {
                BEGINNING.remove();
            } else {
                BEGINNING.set(outer);
            }
        }
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        TenantScope scope = BEGINNING.get();
        apply(connection, scope == null ? TenantScope.current() : scope);
    }

    static void apply(Connection connection, TenantScope scope) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select set_config('custodian.school_id', ?, true), set_config('custodian.platform', ?, true)")) {
            statement.setString(1, scope.schoolSetting());
            statement.setString(2, scope.platformSetting());
            statement.execute();
        }
    }
}
