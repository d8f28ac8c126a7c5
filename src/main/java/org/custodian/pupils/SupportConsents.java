package org.custodian.pupils;

import java.util.Set;
import java.util.UUID;

import org.custodian.identity.CustodianUser;

/**
 * Whether a platform support engineer may reach a school's pupil data right now, by the school's
 * own time-boxed consent. Implemented by the module that keeps the consents; {@link PupilRecords}
 * asks it inside the school's transaction on every access, so a revoked or expired grant refuses
 * the very next request. Without an implementation every support access is refused.
 */
public interface SupportConsents {

    /**
     * Returns normally only when a live grant of {@code schoolId} covers {@code actor} (any support
     * engineer, or the one it names), a change when {@code change}, and every optional category in
     * {@code categories} (the core record is always in scope). Otherwise throws a 403
     * {@code ProblemException}: {@code support-consent-required} without such a grant,
     * {@code support-consent-scope} when a grant exists but does not cover this access.
     */
    void require(CustodianUser actor, UUID schoolId, boolean change, Set<OptionalCategory> categories);
}
