package org.custodian.identity;

/** Sign-in and account events a school admin (or the operator) can review. */
public enum SecurityEventType {
    SIGN_IN_SUCCEEDED,
    SIGN_IN_FAILED,
    SIGN_IN_REFUSED_LOCKED,
    ACCOUNT_LOCKED,
    ACCOUNT_UNLOCKED,
    SECOND_FACTOR_FAILED,
    SECOND_FACTOR_ENROLLED,
    SECOND_FACTOR_RESET,
    RECOVERY_CODE_USED,
    PASSWORD_CHANGED,
    PASSWORD_RESET,
    ROLE_CHANGED,
    USER_CREATED,
    USER_DISABLED,
    USER_ENABLED,
    USER_REMOVED,
    INVITATION_SENT,
    INVITATION_ACCEPTED,
    SESSION_REVOKED,
    SIGNED_OUT
}
