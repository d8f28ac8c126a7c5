package org.custodian.identity;

import java.util.UUID;

/**
 * Ends a closing school's access: every session of its people (half-finished sign-ins included)
 * and every API token it issued. Runs in the caller's transaction, so the school's change of state
 * and the end of its access commit together or not at all.
 */
public interface SchoolClosures {

    /**
     * @param actor  the platform admin closing the school, or null for the system
     * @param reason a code recorded with each security event, e.g. {@code school-terminated}
     */
    Closed close(UUID schoolId, CustodianUser actor, String reason);

    record Closed(int sessionsEnded, int tokensRevoked) {
    }
}
