/**
 * Where the data lives: an embedded, real PostgreSQL under {@code ./data} unless
 * {@code spring.datasource.url} points at an external server. On the embedded server it also makes
 * the key store's own database ({@link org.custodian.database.KeysDatabase}, for the crypto module);
 * other modules use the {@code DataSource} and the tenancy module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Database")
package org.custodian.database;
