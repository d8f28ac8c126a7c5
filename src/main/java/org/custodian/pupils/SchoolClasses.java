package org.custodian.pupils;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.custodian.identity.CustodianUser;

/**
 * A school's registration groups and teaching classes, and the staff who teach or supervise them.
 * Class codes are not personal data; which pupils sit in a class is read through {@link PupilRecords}.
 */
public interface SchoolClasses {

    List<ClassSummary> list(UUID schoolId);

    /** Replaces the class's teachers and supervisors (school staff accounts only); creates the class if new. */
    void assignStaff(CustodianUser actor, String kind, String code, Set<UUID> teachers, Set<UUID> supervisors);

    /** The pupils in the classes and registration groups the staff member teaches or supervises. */
    Set<UUID> pupilsTaughtBy(UUID schoolId, UUID staffId);

    record ClassSummary(String kind, String code, List<UUID> teachers, List<UUID> supervisors, long pupils) {
    }
}
