package org.custodian.support;

import javax.sql.DataSource;

import org.custodian.database.internal.EmbeddedPostgresServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestComponent;

/**
 * Logins to the embedded PostgreSQL as any of its roles (the superuser, the key store's roles), for
 * tests that prove what a role can and cannot reach. Tests reach the database module's internals
 * only through the support package.
 */
@TestComponent
public class EmbeddedRoles {

    private final ObjectProvider<EmbeddedPostgresServer> server;

    public EmbeddedRoles(ObjectProvider<EmbeddedPostgresServer> server) {
        this.server = server;
    }

    /** The role's password from the embedded server's credentials file. */
    public String password(String role) {
        return embedded().password(role);
    }

    /** A data source logging in as the role to the database named like it (e.g. "postgres"). */
    public DataSource dataSource(String role) {
        return embedded().dataSource(role);
    }

    private EmbeddedPostgresServer embedded() {
        EmbeddedPostgresServer embedded = server.getIfAvailable();
        if (embedded == null) {
            throw new IllegalStateException("No embedded PostgreSQL in this context (an external database is configured)");
        }
        return embedded;
    }
}
