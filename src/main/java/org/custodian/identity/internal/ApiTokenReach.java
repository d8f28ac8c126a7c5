package org.custodian.identity.internal;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.ApiTokenScope;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresEitherPermission;
import org.custodian.identity.RequiresPermission;
import org.custodian.web.Problems;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * An API token reaches only the handlers whose {@link RequiresPermission} (or
 * {@link RequiresEitherPermission}) names a permission of one of its scopes: nothing unguarded,
 * nothing merely "authenticated", whatever its role might be given later. Permission checks still
 * apply on top.
 */
@Configuration(proxyBeanMethods = false)
class ApiTokenReach implements WebMvcConfigurer, HandlerInterceptor {

    private final JsonMapper json;

    ApiTokenReach(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR
                || !(SecurityContextHolder.getContext().getAuthentication() instanceof ApiTokenAuthentication token)) {
            return true;
        }
        if (!(handler instanceof HandlerMethod method) || !(isApiDescription(method)
                || reachable(method, granted(((CustodianUser) token.getPrincipal()).scopes())))) {
            // Answered here, for every kind of handler (an unknown path's too), without an error dispatch.
            SecurityConfiguration.write(response, json,
                    Problems.of(HttpStatus.FORBIDDEN, "forbidden", "You are not allowed to do this."));
            return false;
        }
        return true;
    }

    /** springdoc's {@code /api/v1/openapi}: public, no data, and what a partner's client reads first. */
    private static boolean isApiDescription(HandlerMethod method) {
        return method.getBeanType().getName().startsWith("org.springdoc.");
    }

    /** The permissions a token's scopes stand for. */
    static Set<Permission> granted(Set<String> scopes) {
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        scopes.forEach(code -> ApiTokenScope.of(code).ifPresent(scope -> granted.add(scope.permission())));
        return granted;
    }

    static boolean reachable(HandlerMethod method, Set<Permission> granted) {
        RequiresPermission one = find(method, RequiresPermission.class);
        if (one != null) {
            return granted.contains(one.value());
        }
        RequiresEitherPermission either = find(method, RequiresEitherPermission.class);
        return either != null && (granted.contains(either.value()) || granted.contains(either.or()));
    }

    /** The method's annotation, else its class's (as method security reads them). */
    private static <A extends java.lang.annotation.Annotation> A find(HandlerMethod method, Class<A> type) {
        A onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), type);
        return onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), type);
    }
}
