package org.custodian.database.internal;

import javax.sql.DataSource;

import org.custodian.database.KeysDatabase;

import com.zaxxer.hikari.HikariDataSource;

import org.custodian.database.BackupDatabase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Active unless {@code spring.datasource.url} names an external PostgreSQL. The application
 * connects as the non-owner application role; Flyway connects as the owner.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoExternalDatabase.class)
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(EmbeddedDatabaseProperties properties,
                                                  @Value("${custodian.database.app-role}") String appRole) {
        return EmbeddedPostgresServer.start(properties, appRole);
    }

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgresServer server,
                                @Value("${custodian.database.app-role}") String appRole) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(server.jdbcUrl());
        dataSource.setUsername(appRole);
        dataSource.setPassword(server.password(appRole));
        dataSource.setPoolName("custodian");
        return dataSource;
    }

    @Bean
    KeysDatabase keysDatabase(EmbeddedPostgresServer server) {
        String url = server.keysJdbcUrl();
        var owner = new KeysDatabase.Login(EmbeddedPostgresServer.KEYS_OWNER_ROLE,
                server.password(EmbeddedPostgresServer.KEYS_OWNER_ROLE));
        var app = new KeysDatabase.Login(EmbeddedPostgresServer.KEYS_APP_ROLE,
                server.password(EmbeddedPostgresServer.KEYS_APP_ROLE));
        return new KeysDatabase() {
            @Override
            public String jdbcUrl() {
                return url;
            }

            @Override
            public Login owner() {
                return owner;
            }

            @Override
            public Login app() {
                return app;
            }
        };
    }

    @Bean
    @FlywayDataSource
    DataSource flywayDataSource(EmbeddedPostgresServer server, EmbeddedDatabaseProperties properties) {
        return server.dataSource(properties.ownerRole());
    }

    @Bean
    BackupDatabase backupDatabase(EmbeddedPostgresServer server, EmbeddedDatabaseProperties properties) {
        return () -> server.dataSource(properties.backupRole());
    }

    @Bean
    org.custodian.database.ScratchDatabases scratchDatabases(EmbeddedPostgresServer server, EmbeddedDatabaseProperties properties,
                                                             @Value("${custodian.database.app-role}") String appRole) {
        return new EmbeddedScratchDatabases(server, properties.ownerRole(), appRole, properties.backupRole());
    }

    static class NoExternalDatabase implements org.springframework.context.annotation.Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
