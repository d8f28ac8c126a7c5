package org.custodian.accesslog;

import java.util.Set;
import java.util.UUID;

/**
 * Which pupils a member of staff teaches (their classes), for the {@link AccessFlag#OUTSIDE_CLASSES}
 * flag. Implemented by the module that owns classes; while no implementation exists the flag is not
 * raised. With several implementations a pupil counts as taught if any of them says so. Called
 * inside a transaction scoped to {@code schoolId}.
 */
public interface TeachingAssignments {

    Set<UUID> pupilsTaughtBy(UUID schoolId, UUID staffUserId);
}
