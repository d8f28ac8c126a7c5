package org.custodian.review.internal;

import java.util.List;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.schools.SchoolAttention;
import org.springframework.stereotype.Component;

/** The accounts still to confirm or disable in this term's access review, for those who manage users. */
@Component
class ReviewAttention implements SchoolAttention {

    private final TermlyReviews reviews;

    ReviewAttention(TermlyReviews reviews) {
        this.reviews = reviews;
    }

    @Override
    public List<Item> itemsFor(CustodianUser user) {
        if (!user.has(Permission.USERS_MANAGE)) {
            return List.of();
        }
        return reviews.all(user.ownSchoolId()).stream().findFirst().filter(review -> !review.complete())
                .map(review -> {
                    int left = review.accounts() - review.decided();
                    return List.of(new Item((left == 1 ? "1 account is" : left + " accounts are")
                            + " still to review for " + review.termName() + ".", "/school/reviews/" + review.id()));
                }).orElse(List.of());
    }
}
