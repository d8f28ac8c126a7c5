package org.custodian.pupils;

import java.util.Set;

import org.custodian.identity.Role;

/** One entry of the processing register: an access purpose, its lawful basis and who may use it. */
public record Purpose(String code, String description, String lawfulBasis, Set<Role> allowedRoles,
                      Set<Role> defaultFor, boolean reasonRequired,
                      boolean mayChange) {

    public Purpose {
        allowedRoles = Set.copyOf(allowedRoles);
        defaultFor = Set.copyOf(defaultFor);
    }

    public boolean allows(Role role) {
        return allowedRoles.contains(role);
    }
}
