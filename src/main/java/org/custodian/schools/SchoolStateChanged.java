package org.custodian.schools;

import java.util.UUID;

/**
 * Published when a school moves from one state to another (ids and states only). Other modules
 * react to it after the change has committed: the retention module purges a school moved to
 * {@link SchoolState#PURGED}.
 */
public record SchoolStateChanged(UUID schoolId, SchoolState from, SchoolState to) {
}
