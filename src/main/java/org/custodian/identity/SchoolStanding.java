package org.custodian.identity;

import java.util.UUID;

/**
 * Whether a school's people may still sign in: implemented by the module that owns the schools'
 * lifecycle (identity cannot depend on it). Without an implementation every school admits sign-in.
 */
public interface SchoolStanding {

    /** False once the school is terminated or purged: it processes nothing, so its people have nothing to do. */
    boolean admitsSignIn(UUID schoolId);

    /**
     * Whether someone with the role may sign in: a terminated school's admin may, for the grace
     * export only (the schools module keeps them to it).
     */
    default boolean admitsSignIn(UUID schoolId, Role role) {
        return admitsSignIn(schoolId);
    }
}
