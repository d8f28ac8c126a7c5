package org.custodian.schools;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.custodian.privacy.EmailAddress;
import org.custodian.privacy.PersonName;

/** A school as registered. The contact's name and email are personal data and print redacted. */
public record School(
        UUID id,
        String urn,
        String laCode,
        String establishmentNumber,
        String name,
        Nation nation,
        PersonName contactName,
        EmailAddress contactEmail,
        SchoolState state,
        LocalDate terminationDate,
        Instant createdAt) {

    /** The DfE number, LA code and establishment number, e.g. {@code 999/4001}. */
    public String dfeNumber() {
        return laCode + "/" + establishmentNumber;
    }

    @Override
    public String toString() {
        return "School[id=" + id + ", urn=" + urn + ", state=" + state + "]";
    }
}
