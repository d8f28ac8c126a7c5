package org.custodian.tenancy.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

@Component
class DatabaseTenancy implements Tenancy {

    private final DataSource dataSource;
    private final TransactionTemplate transactions;

    DatabaseTenancy(DataSource dataSource, JdbcTransactionManager transactionManager) {
        this.dataSource = dataSource;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Override
    public <T> T inSchool(UUID schoolId, Supplier<T> work) {
        return within(TenantScope.school(schoolId), work);
    }

    @Override
    public <T> T asPlatform(Supplier<T> work) {
        return within(TenantScope.PLATFORM, work);
    }

    @Override
    public Optional<UUID> currentSchool() {
        return Optional.ofNullable(TenantScope.current().schoolId());
    }

    private <T> T within(TenantScope scope, Supplier<T> work) {
        TenantScope previousExplicit = TenantScope.explicit();
        TenantScope previous = TenantScope.current();
        TenantScope.setExplicit(scope);
        try {
            // A transaction of the data database, not any transaction: the key store's run on their own.
            if (!TransactionSynchronizationManager.isActualTransactionActive()
                    || !TransactionSynchronizationManager.hasResource(dataSource)) {
                return transactions.execute(status -> work.get());
            }
            // Already inside a transaction: switch its scope for this work, then switch back.
            applyToCurrentTransaction(scope);
            T result;
            try {
                result = work.get();
            } catch (RuntimeException | Error failure) {
                restoreAfter(failure, previous);
                throw failure;
            }
            applyToCurrentTransaction(previous);
            return result;
        } finally {
            TenantScope.setExplicit(previousExplicit);
        }
    }

    /**
     * Switches the scope back after the work failed. A failed statement aborts the transaction,
     * so switching back fails too; the work's own failure is what the caller must see (with the
     * second failure attached to it), never replaced by it. The aborted transaction rolls back.
     */
    private void restoreAfter(Throwable failure, TenantScope previous) {
        try {
            applyToCurrentTransaction(previous);
        } catch (RuntimeException restoreFailure) {
            failure.addSuppressed(restoreFailure);
        }
    }

    private void applyToCurrentTransaction(TenantScope scope) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            TenantAwareTransactionManager.apply(connection, scope);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the tenant scope", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
