package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.custodian.identity.Permission;
import org.custodian.identity.RequiresEitherPermission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.SignInStep;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;

class ApiTokenReachTests {

    private static final Set<Permission> IMPORT = ApiTokenReach.granted(Set.of("import"));

    @Test
    void theImportScopeGrantsPupilImportOnlyAndUnknownScopesGrantNothing() {
        assertThat(IMPORT).containsExactly(Permission.PUPIL_IMPORT);
        assertThat(ApiTokenReach.granted(Set.of("admin", "PUPIL_DATA"))).isEmpty();
    }

    @Test
    void aTokenReachesHandlersThatNeedItsScopesPermissionAndNothingElse() throws Exception {
        assertThat(reachable(Handlers.class, "importing")).isTrue();
        assertThat(reachable(Handlers.class, "eitherImportOrData")).isTrue();
        assertThat(reachable(Handlers.class, "pupilData")).isFalse();
        assertThat(reachable(Handlers.class, "signInStep")).isFalse();
        assertThat(reachable(Handlers.class, "unguarded")).isFalse();
        assertThat(reachable(ImportClass.class, "inherits")).isTrue();
        assertThat(reachable(ImportClass.class, "overridden")).isFalse();
    }

    private static boolean reachable(Class<?> type, String method) throws Exception {
        Object bean = type.getDeclaredConstructor().newInstance();
        return ApiTokenReach.reachable(new HandlerMethod(bean, type.getDeclaredMethod(method)), IMPORT);
    }

    static class Handlers {
        @RequiresPermission(Permission.PUPIL_IMPORT)
        void importing() {
        }

        @RequiresEitherPermission(value = Permission.PUPIL_DATA, or = Permission.PUPIL_IMPORT)
        void eitherImportOrData() {
        }

        @RequiresPermission(Permission.PUPIL_DATA)
        void pupilData() {
        }

        @SignInStep
        void signInStep() {
        }

        void unguarded() {
        }
    }

    @RequiresPermission(Permission.PUPIL_IMPORT)
    static class ImportClass {
        void inherits() {
        }

        @RequiresPermission(Permission.OWN_ACCOUNT)
        void overridden() {
        }
    }
}
