package org.custodian.review.internal;

import org.custodian.identity.Role;
import org.springframework.stereotype.Component;

/** Wording of the review pages, called from templates as {@code ${@reviewPages...}}. */
@Component("reviewPages")
class ReviewPageFormat {

    public String role(Role role) {
        return role.label();
    }

    public String decision(Decision decision) {
        return decision == Decision.CONFIRMED ? "Confirmed" : "Disabled";
    }
}
