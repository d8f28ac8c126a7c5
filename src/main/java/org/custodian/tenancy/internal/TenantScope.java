package org.custodian.tenancy.internal;

import java.util.UUID;

import org.custodian.tenancy.SchoolScoped;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** What the current thread's transactions may see: one school, the platform scope, or nothing. */
record TenantScope(UUID schoolId, boolean platform) {

    static final TenantScope NONE = new TenantScope(null, false);
    static final TenantScope PLATFORM = new TenantScope(null, true);

    private static final ThreadLocal<TenantScope> EXPLICIT = new ThreadLocal<>();
    /**
     * Set while the signed-in user is being looked up. That lookup may itself load the session from
     * the database, in a transaction of its own, which must not look the user up again.
     */
    private static final ThreadLocal<Boolean> RESOLVING_USER = new ThreadLocal<>();

    static TenantScope school(UUID schoolId) {
        if (schoolId == null) {
            throw new IllegalArgumentException("A school scope needs a school id");
        }
        return new TenantScope(schoolId, false);
    }

    /** An explicit scope wins; otherwise the signed-in user's school; otherwise nothing. */
    static TenantScope current() {
        TenantScope explicit = EXPLICIT.get();
        if (explicit != null) {
            return explicit;
        }
        if (RESOLVING_USER.get() != null) {
            return NONE;
        }
        Authentication authentication;
        RESOLVING_USER.set(Boolean.TRUE);
        try {
            authentication = SecurityContextHolder.getContext().getAuthentication();
        } finally {
            RESOLVING_USER.remove();
        }
        if (authentication != null && authentication.getPrincipal() instanceof SchoolScoped scoped
                && scoped.schoolId() != null) {
            return school(scoped.schoolId());
        }
        return NONE;
    }

    static TenantScope explicit() {
        return EXPLICIT.get();
    }

    static void setExplicit(TenantScope scope) {
        if (scope == null) {
            EXPLICIT.remove();
        } else {
            EXPLICIT.set(scope);
        }
    }

    String schoolSetting() {
        return schoolId == null ? "" : schoolId.toString();
    }

    String platformSetting() {
        return platform ? "on" : "off";
    }
}
