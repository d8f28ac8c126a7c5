package org.custodian.pupils;

import java.util.Objects;

import org.custodian.identity.CustodianUser;

/**
 * Who is asking, for which purpose from the processing register, and (where the rules need one)
 * why. Every call to {@link PupilRecords} carries one; the access log records it.
 */
public record AccessContext(CustodianUser actor, String purpose, String reason, String requestId, String sourceIp) {

    public AccessContext {
        Objects.requireNonNull(actor, "actor is required");
        purpose = purpose == null || purpose.isBlank() ? null : purpose.strip();
        reason = reason == null || reason.isBlank() ? null : reason.strip();
    }

    @Override
    public String toString() {
        // The purpose is what the client sent until the register has checked it: never printed.
        return "AccessContext[purpose=" + (purpose == null ? "none" : "given") + ", reason="
                + (reason == null ? "none" : "given") + "]";
    }
}
