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
 */
class TenantAwareTransactionManager extends JdbcTransactionManager {

    TenantAwareTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        apply(connection, TenantScope.current());
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
