package org.custodian.pupils.internal;

import org.custodian.pupils.AccessContext;
import org.custodian.pupils.ProcessingRegister;
import org.custodian.pupils.Purpose;
import org.custodian.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Checks the purpose and reason an access names against the register and the actor's role. */
@Component
class PurposeRules {

    private final ProcessingRegister register;

    PurposeRules(ProcessingRegister register) {
        this.register = register;
    }

    /**
     * @param sensitive true when the access itself needs a reason whatever the purpose (optional
     *                  categories, bulk reads and exports, erasure)
     */
    Purpose require(AccessContext context, boolean sensitive) {
        return require(context, sensitive, false);
    }

    /** As {@link #require(AccessContext, boolean)}, for a create, change or erasure. */
    Purpose requireChange(AccessContext context, boolean sensitive) {
        return require(context, sensitive, true);
    }

    /**
     * For the access-log review's labels (names and UPNs of the pupils its entries name): only under
     * {@link JdbcPupilRecords#ACCESS_LOG_REVIEW}, by a role the register allows it.
     */
    Purpose requireLabels(AccessContext context) {
        if (!JdbcPupilRecords.ACCESS_LOG_REVIEW.equals(context.purpose())) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "purpose-not-allowed",
                    "Pupils are named on the access-log pages only under the purpose " + JdbcPupilRecords.ACCESS_LOG_REVIEW + ".");
        }
        Purpose purpose = register.find(context.purpose()).orElseThrow();
        if (!purpose.allows(context.actor().role())) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "purpose-not-allowed",
                    "Your role may not use pupil data for this purpose.");
        }
        return purpose;
    }

    private Purpose require(AccessContext context, boolean sensitive, boolean change) {
        if (JdbcPupilRecords.ACCESS_LOG_REVIEW.equals(context.purpose())) {
            // It names pupils on the review pages and nothing else: no record is read or changed under it.
            throw new ProblemException(HttpStatus.FORBIDDEN, "purpose-not-allowed",
                    "This purpose only names pupils on the access-log pages.");
        }
        if (context.purpose() == null) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "purpose-required",
                    "Say why you need this pupil data: name a purpose (header Custodian-Purpose).");
        }
        Purpose purpose = register.find(context.purpose()).orElseThrow(() -> new ProblemException(
                HttpStatus.BAD_REQUEST, "purpose-unknown",
                "Name a purpose from the record of processing: this one is not in it."));
        if (!purpose.allows(context.actor().role())) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "purpose-not-allowed",
                    "Your role may not use pupil data for this purpose.");
        }
        if (change && !purpose.mayChange()) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "purpose-not-allowed",
                    "Pupil records can be changed only for data management or a rights request.");
        }
        boolean needsReason = sensitive || purpose.reasonRequired() || context.actor().isPlatformStaff();
        if (needsReason && context.reason() == null) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "reason-required",
                    "This access needs a reason (header Custodian-Reason).");
        }
        if (context.reason() != null && context.reason().length() > 1000) {
            throw ProblemException.badRequest("reason-too-long", "A reason can be at most 1000 characters.");
        }
        return purpose;
    }
}
