package org.custodian.review.internal;

import org.custodian.identity.Role;
import org.springframework.stereotype.Component;

/** Wording of the review pages, called from templates as {@code ${@reviewPages...}}. */
@Component("reviewPages")
class ReviewPageFormat {

    public String role(Role role) {
        return switch (role) {
            case SCHOOL_ADMIN -> "School admin";
            case DATA_MANAGER -> "Data manager";
            case TEACHER -> "Teacher";
            case EXAM_SUPERVISOR -> "Exam supervisor";
            case PLATFORM_ADMIN -> "Platform admin";
            case SUPPORT -> "Support";
        };
    }

    public String decision(Decision decision) {
        return decision == Decision.CONFIRMED ? "Confirmed" : "Disabled";
    }
}
