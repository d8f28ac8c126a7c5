package org.custodian.identity;

import java.util.UUID;

/**
 * A school admin was added, removed, enabled, disabled, or given or relieved of the role; published
 * when the change commits. Ids only.
 */
public record SchoolAdminsChanged(UUID schoolId, UUID accountId) {
}
