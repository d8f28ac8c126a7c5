package org.custodian.supportaccess.internal;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.custodian.pupils.OptionalCategory;

/**
 * One school support may reach now: until when, and the widest scope its live grants give. Public
 * only for the pages' expressions.
 */
@org.custodian.privacy.NoPersonalData("a school's id and name, an end time and a scope: no person's data")
public record ReachableSchool(UUID schoolId, String name, Instant until, boolean change,
                              Set<OptionalCategory> categories) {
}
