package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.junit.jupiter.api.Test;
import org.custodian.web.PublicEndpoint;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Every endpoint and page of the application states who may use it. */
@CustodianTest
class AuthorizationCoverageIT {

    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
    @LocalServerPort int port;

    @Test
    void everyHandlerNamesAPermissionOrIsASignInStepOrIsDeliberatelyPublic() {
        List<String> unguarded = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (isOurs(handler) && !guarded(handler)) {
                unguarded.add(info + " -> " + handler.getShortLogMessage());
            }
        });

        assertThat(countOurs()).as("handlers found").isGreaterThan(20);
        assertThat(unguarded).isEmpty();
    }

    @Test
    void publicHandlersReallyAnswerWithoutSignIn() {
        Browser anonymous = new Browser(port);
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (isOurs(handler) && has(handler, PublicEndpoint.class) && isPlainGet(info)) {
                for (String path : info.getPatternValues()) {
                    var response = anonymous.get(path);
                    assertThat(response.headers().firstValue("Location").orElse(""))
                            .as(path + " must not send an anonymous visitor to sign in").doesNotEndWith("/login");
                }
            }
        });
    }

    private long countOurs() {
        return mappings.getHandlerMethods().values().stream().filter(AuthorizationCoverageIT::isOurs).count();
    }

    private static boolean isOurs(HandlerMethod handler) {
        return handler.getBeanType().getName().startsWith("org.custodian.");
    }

    private static boolean guarded(HandlerMethod handler) {
        return has(handler, RequiresPermission.class) || has(handler, RequiresEitherPermission.class)
                || has(handler, SignInStep.class)
                || has(handler, PublicEndpoint.class);
    }

    private static boolean has(HandlerMethod handler, Class<? extends java.lang.annotation.Annotation> type) {
        return AnnotatedElementUtils.hasAnnotation(handler.getMethod(), type)
                || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), type);
    }

    private static boolean isPlainGet(RequestMappingInfo info) {
        return (info.getMethodsCondition().getMethods().isEmpty()
                || info.getMethodsCondition().getMethods().contains(org.springframework.web.bind.annotation.RequestMethod.GET))
                && info.getPatternValues().stream().noneMatch(p -> p.contains("{"));
    }
}
