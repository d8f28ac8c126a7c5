package org.custodian.pupils;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.custodian.identity.CustodianUser;

/** A school's opt-in to the optional categories: all off by default, changed only by a school admin. */
public interface CategorySettings {

    Set<OptionalCategory> enabled(UUID schoolId);

    /**
     * Switches one category on or off and records the change. Switching off deletes every stored
     * value of the category in the same transaction; returns how many values that removed.
     */
    int set(CustodianUser admin, OptionalCategory category, boolean enabled);

    /** Every change to the school's opt-in, newest first. */
    List<Change> changes(UUID schoolId);

    /** One recorded change: who (user id) switched which category on or off, and how many values it removed. */
    record Change(OptionalCategory category, boolean enabled, int valuesRemoved, UUID changedBy, Instant changedAt) {
    }
}
