package org.custodian.identity.internal;

import java.util.List;

import org.custodian.identity.Role;
import org.custodian.identity.SecurityEventType;
import org.springframework.stereotype.Component;

/**
 * How the Manage Users and sign-in events pages word roles, statuses and events. Templates call it
 * as {@code ${@userPages...}} (dates use {@code @schoolPages}, the pages' one date format).
 */
@Component("userPages")
class UserPageFormat {

    /** The roles a school admin can give, in the order the forms offer them. */
    public List<Role> schoolRoles() {
        return List.of(Role.TEACHER, Role.DATA_MANAGER, Role.EXAM_SUPERVISOR, Role.DPO, Role.SCHOOL_ADMIN);
    }

    public String role(Role role) {
        return role.label();
    }

    /** Only the admin role needs explaining: the other school roles may all see pupil records so far. */
    public String roleHint(Role role) {
        return role == Role.SCHOOL_ADMIN
                ? "Can also manage users, see sign-in events and accept the sharing agreement." : null;
    }

    public String status(StaffStatus status) {
        return switch (status) {
            case ACTIVE -> "Active";
            case INVITED -> "Invited";
            case INVITATION_EXPIRED -> "Invitation expired";
            case DISABLED -> "Disabled";
            case LOCKED -> "Locked";
        };
    }

    /** GOV.UK tag colours; the text says the status too, so colour is never the only cue. */
    public String statusTag(StaffStatus status) {
        return switch (status) {
            case ACTIVE -> "govuk-tag govuk-tag--green";
            case INVITED -> "govuk-tag govuk-tag--blue";
            case INVITATION_EXPIRED -> "govuk-tag govuk-tag--yellow";
            case DISABLED -> "govuk-tag govuk-tag--grey";
            case LOCKED -> "govuk-tag govuk-tag--red";
        };
    }

    public String event(SecurityEventType type) {
        return switch (type) {
            case SIGN_IN_SUCCEEDED -> "Signed in";
            case SIGN_IN_FAILED -> "Sign-in failed";
            case SIGN_IN_REFUSED_LOCKED -> "Sign-in refused: account locked";
            case ACCOUNT_LOCKED -> "Account locked";
            case ACCOUNT_UNLOCKED -> "Account unlocked";
            case SECOND_FACTOR_FAILED -> "Wrong two-factor code";
            case SECOND_FACTOR_ENROLLED -> "Two-factor authentication set up";
            case SECOND_FACTOR_RESET -> "Two-factor authentication reset";
            case RECOVERY_CODE_USED -> "Recovery code used";
            case PASSWORD_CHANGED -> "Password changed";
            case PASSWORD_RESET -> "Password reset";
            case ROLE_CHANGED -> "Role changed";
            case USER_CREATED -> "User created";
            case USER_DISABLED -> "User disabled";
            case USER_ENABLED -> "User enabled";
            case USER_REMOVED -> "User removed";
            case INVITATION_SENT -> "Invitation sent";
            case INVITATION_ACCEPTED -> "Invitation accepted";
            case SESSION_REVOKED -> "Session ended by an admin";
            case SIGNED_OUT -> "Signed out";
            case API_TOKEN_ISSUED -> "API token created";
            case API_TOKEN_REVOKED -> "API token revoked";
            // Event types added later read well enough until they get their own wording.
            default -> {
                String words = type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
                yield Character.toUpperCase(words.charAt(0)) + words.substring(1);
            }
        };
    }
}
