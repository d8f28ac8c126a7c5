package org.custodian.schools;

import java.time.Instant;
import java.util.UUID;

import org.custodian.privacy.PersonName;

/** The receipt of one school's acceptance of one ISA version. */
public record IsaAcceptance(UUID id, UUID schoolId, UUID isaVersionId, int version, String contentHash,
                            UUID acceptedBy, PersonName signerName, String signerRole, Instant acceptedAt,
                            String sourceIp) {

    @Override
    public String toString() {
        return "IsaAcceptance[id=" + id + ", school=" + schoolId + ", version=" + version + "]";
    }
}
