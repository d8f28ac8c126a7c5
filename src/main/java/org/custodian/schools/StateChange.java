package org.custodian.schools;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One step of a school's lifecycle: who moved it (a user id, null for the system) and when. */
public record StateChange(UUID id, SchoolState from, SchoolState to, LocalDate terminationDate,
                          UUID changedBy, Instant changedAt) {
}
