package org.custodian.accesslog.internal;

import java.util.List;

import org.custodian.accesslog.AccessLogReview;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.schools.SchoolAttention;
import org.springframework.stereotype.Component;

/** Flagged access-log entries nobody has reviewed yet, for the school's reviewers. */
@Component
class AccessLogAttention implements SchoolAttention {

    private final AccessLogReview review;

    AccessLogAttention(AccessLogReview review) {
        this.review = review;
    }

    @Override
    public List<Item> itemsFor(CustodianUser user) {
        if (!user.has(Permission.ACCESS_LOG_REVIEW)) {
            return List.of();
        }
        long flagged = review.unreviewedFlagged(user.ownSchoolId());
        if (flagged == 0) {
            return List.of();
        }
        return List.of(new Item(flagged == 1 ? "1 flagged access-log entry is not reviewed yet."
                : flagged + " flagged access-log entries are not reviewed yet.", "/school/access-log?unreviewed=true"));
    }
}
