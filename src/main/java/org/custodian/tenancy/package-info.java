/**
 * Tenancy enforced by PostgreSQL row-level security. Every transaction carries the school it acts
 * for ({@code custodian.school_id}, set with {@code set_config(..., true)} so it ends with the
 * transaction); policies on every tenant-owned table compare rows against it, so a query that
 * forgets {@code WHERE school_id = ?} still sees only its own school.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tenancy")
package org.custodian.tenancy;
