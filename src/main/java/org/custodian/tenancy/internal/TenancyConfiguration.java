package org.custodian.tenancy.internal;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionExecutionListener;

@Configuration(proxyBeanMethods = false)
class TenancyConfiguration {

    /**
     * Replaces Boot's transaction manager, so every transaction, however it starts, is scoped.
     * Primary: the session store's own manager (identity) is the only other one. Listeners hear of
     * every commit (the web layer notes one on the request it served).
     */
    @Bean
    @Primary
    JdbcTransactionManager transactionManager(DataSource dataSource,
                                              ObjectProvider<TransactionExecutionListener> listeners) {
        TenantAwareTransactionManager manager = new TenantAwareTransactionManager(dataSource);
        manager.setTransactionExecutionListeners(listeners.orderedStream().toList());
        return manager;
    }
}
