package org.custodian.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an API token may be used for. A token reaches only the endpoints whose
 * {@link RequiresPermission} names the permission of one of its scopes.
 */
public enum ApiTokenScope {
    /** Send pupil data from the school's MIS (CTF or CSV imports). */
    IMPORT("import", Permission.PUPIL_IMPORT);

    private final String code;
    private final Permission permission;

    ApiTokenScope(String code, Permission permission) {
        this.code = code;
        this.permission = permission;
    }

    /** How the API and the database name the scope, e.g. {@code import}. */
    public String code() {
        return code;
    }

    public Permission permission() {
        return permission;
    }

    public static Optional<ApiTokenScope> of(String code) {
        return Arrays.stream(values()).filter(scope -> scope.code.equals(code)).findFirst();
    }
}
