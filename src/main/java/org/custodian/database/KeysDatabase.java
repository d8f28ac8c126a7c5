package org.custodian.database;

/**
 * The key store's own database ({@code custodian_keys}) on the embedded server: its address and the
 * logins of its owner (migrations) and of its application role. Only present while the embedded
 * PostgreSQL runs; with an external server the crypto module reads {@code custodian.keys.datasource.*}.
 */
public interface KeysDatabase {

    String jdbcUrl();

    /** Owns the key tables; migrations run as this role. */
    Login owner();

    /** Neither owner nor superuser, so row-level security applies to it. */
    Login app();

    record Login(String username, String password) {
        @Override
        public String toString() {
            return "Login[not printed]";
        }
    }
}
