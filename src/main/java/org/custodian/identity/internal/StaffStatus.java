package org.custodian.identity.internal;

/** Where a staff account stands, as a school admin sees it (a removed account is not listed at all). */
enum StaffStatus {
    ACTIVE,
    /** Invited; the link has not been used yet and still works. */
    INVITED,
    /** Invited, but the link expired before it was used: send a new one. */
    INVITATION_EXPIRED,
    DISABLED,
    /** Too many failed sign-ins: locked until {@link StaffMember#lockedUntil()}. */
    LOCKED
}
