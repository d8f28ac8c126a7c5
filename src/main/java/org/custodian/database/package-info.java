/**
 * Where the data lives: an embedded, real PostgreSQL under {@code ./data} unless
 * {@code spring.datasource.url} points at an external server. Nothing here is called by other
 * modules; they use the {@code DataSource} and the tenancy module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Database")
package org.custodian.database;
