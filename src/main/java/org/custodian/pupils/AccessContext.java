package org.custodian.pupils;

import java.util.Objects;
import java.util.UUID;

import org.custodian.identity.CustodianUser;

/**
 * Who is asking, for which purpose from the processing register, and (where the rules need one)
 * why. Every call to {@link PupilRecords} carries one; the access log records it.
 *
 * @param supportedSchool the school a platform support engineer asks to reach under that school's
 *                        consent ({@link SupportConsents}); null for everyone else, whose school is
 *                        their own. The actor stays the engineer: this never makes them school staff.
 */
public record AccessContext(CustodianUser actor, String purpose, String reason, String requestId, String sourceIp,
                            UUID supportedSchool) {

    public AccessContext {
        Objects.requireNonNull(actor, "actor is required");
        purpose = purpose == null || purpose.isBlank() ? null : purpose.strip();
        reason = reason == null || reason.isBlank() ? null : reason.strip();
    }

    public AccessContext(CustodianUser actor, String purpose, String reason, String requestId, String sourceIp) {
        this(actor, purpose, reason, requestId, sourceIp, null);
    }

    @Override
    public String toString() {
        // The purpose is what the client sent until the register has checked it: never printed.
        return "AccessContext[purpose=" + (purpose == null ? "none" : "given") + ", reason="
                + (reason == null ? "none" : "given") + (supportedSchool == null ? "" : ", support") + "]";
    }
}
