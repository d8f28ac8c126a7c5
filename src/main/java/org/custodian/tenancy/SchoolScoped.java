package org.custodian.tenancy;

import java.util.UUID;

/**
 * Implemented by an authenticated principal that belongs to a school: its transactions are scoped
 * to that school. Platform staff return {@code null} and see no tenant's rows unless a service
 * scopes the work explicitly through {@link Tenancy}.
 */
public interface SchoolScoped {

    UUID schoolId();
}
