package org.custodian.identity;

/** Platform roles have no school; school roles always belong to exactly one school. */
public enum Role {
    PLATFORM_ADMIN(true),
    SUPPORT(true),
    SCHOOL_ADMIN(false),
    DATA_MANAGER(false),
    TEACHER(false),
    EXAM_SUPERVISOR(false);

    private final boolean platform;

    Role(boolean platform) {
        this.platform = platform;
    }

    public boolean isPlatform() {
        return platform;
    }

    /** The Spring Security authority, e.g. {@code ROLE_SCHOOL_ADMIN}. */
    public String authority() {
        return "ROLE_" + name();
    }
}
