package org.custodian.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The benchmark's baseline endpoint is absent from test contexts (profile {@code benchmark}), so
 * {@code AuthorizationCoverageIT} never sees it: this checks it states its permission and profile.
 */
class PlainPupilControllerTests {

    @Test
    void theBaselineNeedsPupilDataPermissionAndOnlyExistsInTheBenchmarkProfile() {
        List<Method> handlers = Arrays.stream(PlainPupilController.class.getDeclaredMethods())
                .filter(method -> AnnotatedElementUtils.hasAnnotation(method, RequestMapping.class)).toList();

        assertThat(handlers).isNotEmpty();
        assertThat(handlers).allSatisfy(method -> assertThat(method.getAnnotation(RequiresPermission.class))
                .extracting(RequiresPermission::value).isEqualTo(Permission.PUPIL_DATA));
        assertThat(PlainPupilController.class.getAnnotation(Profile.class).value()).containsExactly("benchmark");
    }
}
