package org.custodian.pupils;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Names pupils that another module's page shows by id (the rights-request register): one logged
 * read of names and UPNs of the actor's own school under the purpose the context names, which the
 * register must allow the actor's role like any other read. Ids with no record left are absent.
 */
public interface PupilNames {

    /** "Forename Surname (UPN …)" for each pupil of {@code ids} still on record. */
    Map<UUID, String> names(AccessContext context, Set<UUID> ids);
}
