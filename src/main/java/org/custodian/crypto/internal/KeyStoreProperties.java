package org.custodian.crypto.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The key store's database: by default {@code custodian_keys} on the embedded server; set
 * {@code datasource.url} for any other (production: another server, another machine).
 *
 * @param datasource   where the key database is, and its logins
 * @param orphanGrace  how old an unconfirmed key must be before the sweep may call it an orphan:
 *                     longer than any transaction that creates a subject
 * @param sweepInterval how often each instance looks for orphan keys
 * @param vacuumInterval how often each instance checks the key tables for dead tuples (a destroyed
 *                      key's old row) and, if there are any, vacuums them
 * @param vacuumFull    rewrite the tables ({@code VACUUM FULL}) rather than only mark dead tuples free
 *                      (plain VACUUM leaves their bytes in the file until they are overwritten)
 */
@ConfigurationProperties("custodian.keys")
record KeyStoreProperties(@DefaultValue Datasource datasource,
                          @DefaultValue("P1D") Duration orphanGrace,
                          @DefaultValue("PT1H") Duration sweepInterval,
                          @DefaultValue("PT1H") Duration vacuumInterval,
                          @DefaultValue("true") boolean vacuumFull) {

    /**
     * @param url             JDBC URL of the key database; unset: the embedded server's {@code custodian_keys}
     * @param username        the application's role there: neither owner nor superuser
     * @param password        its password
     * @param ownerUsername   the role that owns the key tables; migrations run as it
     * @param ownerPassword   its password
     * @param maximumPoolSize connections the application keeps to the key database
     */
    record Datasource(String url, String username, String password, String ownerUsername, String ownerPassword,
                      @DefaultValue("5") int maximumPoolSize) {
        @Override
        public String toString() {
            return "Datasource[pool of " + maximumPoolSize + "; address and logins not printed]";
        }
    }
}
