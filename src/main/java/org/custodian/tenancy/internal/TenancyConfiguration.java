package org.custodian.tenancy.internal;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;

@Configuration(proxyBeanMethods = false)
class TenancyConfiguration {

    /**
     * Replaces Boot's transaction manager, so every transaction, however it starts, is scoped.
     * Primary: the session store's own manager (identity) is the only other one.
     */
    @Bean
    @Primary
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new TenantAwareTransactionManager(dataSource);
    }
}
