package org.custodian.identity;

import static org.custodian.identity.Permission.ACCESS_LOG_REVIEW;
import static org.custodian.identity.Permission.AGREEMENTS_PUBLISH;
import static org.custodian.identity.Permission.AGREEMENT_ACCEPT;
import static org.custodian.identity.Permission.ALL_SESSIONS;
import static org.custodian.identity.Permission.API_TOKENS_MANAGE;
import static org.custodian.identity.Permission.BREACHES_MANAGE;
import static org.custodian.identity.Permission.BREACH_NOTICES;
import static org.custodian.identity.Permission.BREACH_SUBJECT_NAMES;
import static org.custodian.identity.Permission.CATEGORY_SETTINGS;
import static org.custodian.identity.Permission.CLASSES_MANAGE;
import static org.custodian.identity.Permission.GUIDANCE_MANAGE;
import static org.custodian.identity.Permission.IMPORTS_VIEW;
import static org.custodian.identity.Permission.MAINTENANCE;
import static org.custodian.identity.Permission.MARKETING_SEND;
import static org.custodian.identity.Permission.OWN_ACCOUNT;
import static org.custodian.identity.Permission.PUPIL_DATA;
import static org.custodian.identity.Permission.PUPIL_IMPORT;
import static org.custodian.identity.Permission.PUPIL_READMIT;
import static org.custodian.identity.Permission.RETENTION_APPROVE;
import static org.custodian.identity.Permission.RETENTION_CHOOSE;
import static org.custodian.identity.Permission.RETENTION_LIMITS;
import static org.custodian.identity.Permission.RETENTION_VIEW;
import static org.custodian.identity.Permission.RIGHTS_REQUESTS;
import static org.custodian.identity.Permission.SCHOOLS_ADMINISTER;
import static org.custodian.identity.Permission.SCHOOL_DIRECTORY;
import static org.custodian.identity.Permission.SCHOOL_SECURITY_EVENTS;
import static org.custodian.identity.Permission.SCHOOL_SESSIONS;
import static org.custodian.identity.Permission.SCHOOL_VIEW;
import static org.custodian.identity.Permission.SUBPROCESSORS_MANAGE;
import static org.custodian.identity.Permission.SUPPORT_ACCESS;
import static org.custodian.identity.Permission.SUPPORT_CONSENT;
import static org.custodian.identity.Permission.USERS_MANAGE;

import java.util.EnumSet;
import java.util.Set;

/**
 * Platform roles have no school; school roles always belong to exactly one school. This enum is
 * the permission matrix: the one place that says which role may do what. {@code SUPPORT} has no
 * pupil-data permission: it reaches a school's pupils only through the support pages, each access
 * checked against that school's live, time-boxed consent.
 */
public enum Role {
    PLATFORM_ADMIN(true, EnumSet.of(OWN_ACCOUNT, SCHOOL_DIRECTORY, SCHOOL_VIEW, SCHOOLS_ADMINISTER,
            AGREEMENTS_PUBLISH, ALL_SESSIONS, MAINTENANCE, RETENTION_LIMITS, SUBPROCESSORS_MANAGE,
            MARKETING_SEND, BREACHES_MANAGE)),
    SUPPORT(true, EnumSet.of(OWN_ACCOUNT, SCHOOL_DIRECTORY, SUPPORT_ACCESS)),
    SCHOOL_ADMIN(false, EnumSet.of(OWN_ACCOUNT, SCHOOL_VIEW, AGREEMENT_ACCEPT, PUPIL_DATA, USERS_MANAGE,
            SCHOOL_SESSIONS, SCHOOL_SECURITY_EVENTS, ACCESS_LOG_REVIEW, CATEGORY_SETTINGS, CLASSES_MANAGE,
            PUPIL_IMPORT, API_TOKENS_MANAGE, RIGHTS_REQUESTS, RETENTION_VIEW, RETENTION_CHOOSE, GUIDANCE_MANAGE,
            BREACH_NOTICES, SUPPORT_CONSENT)),
    /** The school's data protection officer: reviews access, handles rights requests, re-admits erased pupils. */
    DPO(false, EnumSet.of(OWN_ACCOUNT, SCHOOL_VIEW, PUPIL_DATA, ACCESS_LOG_REVIEW, SCHOOL_SECURITY_EVENTS,
            IMPORTS_VIEW, PUPIL_READMIT, RIGHTS_REQUESTS, RETENTION_VIEW, RETENTION_APPROVE, BREACH_NOTICES,
            BREACH_SUBJECT_NAMES)),
    DATA_MANAGER(false, EnumSet.of(OWN_ACCOUNT, SCHOOL_VIEW, PUPIL_DATA, CLASSES_MANAGE, PUPIL_IMPORT)),
    TEACHER(false, EnumSet.of(OWN_ACCOUNT, SCHOOL_VIEW, PUPIL_DATA)),
    EXAM_SUPERVISOR(false, EnumSet.of(OWN_ACCOUNT, SCHOOL_VIEW, PUPIL_DATA)),
    /**
     * Not a person: an MIS partner's system calling the API with one of the school's API tokens
     * (scope {@code import}). Never a sign-in account; the access log names the token as actor.
     */
    MIS_CONNECTOR(false, EnumSet.of(PUPIL_IMPORT));

    private final boolean platform;
    private final Set<Permission> permissions;

    Role(boolean platform, Set<Permission> permissions) {
        this.platform = platform;
        this.permissions = permissions;
    }

    public boolean isPlatform() {
        return platform;
    }

    public Set<Permission> permissions() {
        return EnumSet.copyOf(permissions);
    }

    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }

    /** How pages name the role. */
    public String label() {
        return switch (this) {
            case SCHOOL_ADMIN -> "School admin";
            case DPO -> "Data protection officer";
            case DATA_MANAGER -> "Data manager";
            case TEACHER -> "Teacher";
            case EXAM_SUPERVISOR -> "Exam supervisor";
            case PLATFORM_ADMIN -> "Platform admin";
            case SUPPORT -> "Support";
            case MIS_CONNECTOR -> "MIS connection (API token)";
        };
    }

    /** The Spring Security authority, e.g. {@code ROLE_SCHOOL_ADMIN}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** Roles a school admin may give to the school's staff. */
    public static Set<Role> schoolRoles() {
        return EnumSet.of(SCHOOL_ADMIN, DPO, DATA_MANAGER, TEACHER, EXAM_SUPERVISOR);
    }
}
