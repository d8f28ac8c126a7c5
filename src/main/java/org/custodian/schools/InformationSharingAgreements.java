package org.custodian.schools;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.custodian.identity.CustodianUser;

/** Operators publish agreement versions; each school's admin accepts the current one. */
public interface InformationSharingAgreements {

    IsaVersion publish(String title, String body, CustodianUser actor);

    Optional<IsaVersion> current();

    List<IsaVersion> versions();

    IsaStatus status(UUID schoolId, CustodianUser actor);

    /**
     * Records the acceptance receipt. {@code contentHash} is the hash of the text the signer read:
     * a stale one (a newer version was published meanwhile) is refused with {@code isa-version-stale}.
     */
    IsaAcceptance accept(UUID schoolId, String contentHash, String signerName, String signerRole,
                         String sourceIp, CustodianUser actor);

    List<IsaAcceptance> acceptances(UUID schoolId, CustodianUser actor);

    IsaAcceptance acceptance(UUID schoolId, UUID acceptanceId, CustodianUser actor);

    /** A plain-text receipt a school can download and keep. */
    String receipt(IsaAcceptance acceptance);
}
