package org.custodian.guidance.internal;

import java.util.EnumSet;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresEitherPermission;
import org.custodian.identity.RequiresPermission;
import org.custodian.web.ProblemException;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Holds a member of staff back from every handler that shows or changes pupil data ({@link #PUPIL_DATA}) until
 * they have acknowledged the school's current guidance, where the school requires it: pages send
 * them to the guidance page, API calls get {@code 403 guidance-acknowledgement-required}. API tokens
 * (systems, not people) and platform staff are not asked.
 */
@Configuration(proxyBeanMethods = false)
class GuidanceGate implements WebMvcConfigurer, HandlerInterceptor {

    /** The permissions whose handlers show or change pupil data (records, imports, rights work, access review). */
    static final Set<Permission> PUPIL_DATA = EnumSet.of(Permission.PUPIL_DATA, Permission.PUPIL_IMPORT,
            Permission.IMPORTS_VIEW, Permission.PUPIL_READMIT, Permission.RIGHTS_REQUESTS, Permission.ACCESS_LOG_REVIEW);

    private final Guidance guidance;

    GuidanceGate(Guidance guidance) {
        this.guidance = guidance;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (request.getDispatcherType() == DispatcherType.ERROR || !(handler instanceof HandlerMethod method)
                || !needsPupilData(method)) {
            return true;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof CustodianUser user)
                || user.isApiToken() || user.schoolId() == null
                || !guidance.mustAcknowledge(user.schoolId(), user.id())) {
            return true;
        }
        if (request.getRequestURI().startsWith("/api/") || !"GET".equals(request.getMethod())) {
            throw ProblemException.forbidden("guidance-acknowledgement-required",
                    "Read and acknowledge your school's data-protection guidance before using pupil data.");
        }
        response.sendRedirect(request.getContextPath() + GuidancePageController.PATH);
        return false;
    }

    static boolean needsPupilData(HandlerMethod method) {
        RequiresPermission one = find(method, RequiresPermission.class);
        if (one != null) {
            return PUPIL_DATA.contains(one.value());
        }
        RequiresEitherPermission either = find(method, RequiresEitherPermission.class);
        return either != null && (PUPIL_DATA.contains(either.value()) || PUPIL_DATA.contains(either.or()));
    }

    private static <A extends java.lang.annotation.Annotation> A find(HandlerMethod method, Class<A> type) {
        A found = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), type);
        return found != null ? found : AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), type);
    }
}
