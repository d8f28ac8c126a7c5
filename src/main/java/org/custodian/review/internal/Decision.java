package org.custodian.review.internal;

/** What the admin decided about one account in a review. */
enum Decision {
    /** The person still needs the account. */
    CONFIRMED,
    /** The account was disabled. */
    DISABLED
}
