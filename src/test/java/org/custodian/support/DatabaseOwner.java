package org.custodian.support;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.custodian.database.internal.EmbeddedPostgresServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.ApplicationContext;

/**
 * Connections as the role that owns the schema of the embedded PostgreSQL (the role Flyway migrates
 * as), for what the application role may not do: tamper with or backdate stored rows to prove a
 * check catches it, bulk-load synthetic data, gather planner statistics. Tests reach the database
 * module's internals only here.
 */
@TestComponent
public class DatabaseOwner {

    private static final String OWNER_ROLE = "custodian.database.embedded.owner-role";
    private static final String DEFAULT_OWNER_ROLE = "custodian_owner";

    private final ObjectProvider<EmbeddedPostgresServer> server;
    private final String role;

    public DatabaseOwner(ObjectProvider<EmbeddedPostgresServer> server,
                         @Value("${" + OWNER_ROLE + ":" + DEFAULT_OWNER_ROLE + "}") String role) {
        this.server = server;
        this.role = role;
    }

    /** For an application context that was not started with {@link CustodianTest} (the benchmarks). */
    public static DatabaseOwner of(ApplicationContext context) {
        return new DatabaseOwner(context.getBeanProvider(EmbeddedPostgresServer.class),
                context.getEnvironment().getProperty(OWNER_ROLE, DEFAULT_OWNER_ROLE));
    }

    /** A new data source that logs in as the owner; each connection is a fresh login. */
    public DataSource dataSource() {
        EmbeddedPostgresServer embedded = server.getIfAvailable();
        if (embedded == null) {
            throw new IllegalStateException("No embedded PostgreSQL in this context (an external database is configured)");
        }
        return embedded.dataSource(role);
    }

    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }
}
