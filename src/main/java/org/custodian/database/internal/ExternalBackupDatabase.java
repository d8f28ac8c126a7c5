package org.custodian.database.internal;

import org.custodian.database.BackupDatabase;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The backup role's login on an external database, when the operator has made one. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("custodian.database.backup.url")
@EnableConfigurationProperties(ExternalBackupDatabase.Properties.class)
class ExternalBackupDatabase {

    /**
     * @param url      JDBC URL of the data database
     * @param username a role with BYPASSRLS and SELECT on every table, neither owner nor superuser
     * @param password its password
     */
    @ConfigurationProperties("custodian.database.backup")
    record Properties(String url, String username, String password) {
        @Override
        public String toString() {
            return "BackupDatabaseProperties[" + username + "]";
        }
    }

    @Bean
    BackupDatabase externalBackupDatabase(Properties properties) {
        return () -> {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(properties.url());
            dataSource.setUser(properties.username());
            dataSource.setPassword(properties.password());
            return dataSource;
        };
    }
}
