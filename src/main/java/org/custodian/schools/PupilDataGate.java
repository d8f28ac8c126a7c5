package org.custodian.schools;

import java.util.UUID;

/**
 * The one guard in front of pupil data: before any module imports, creates or reads a school's
 * pupil data it calls {@link #requireAgreementAccepted}. Until the school has accepted the
 * current Information Sharing Agreement this refuses with {@code 403 isa-not-accepted}.
 */
public interface PupilDataGate {

    void requireAgreementAccepted(UUID schoolId);
}
