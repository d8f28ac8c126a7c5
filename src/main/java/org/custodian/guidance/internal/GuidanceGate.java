package org.custodian.guidance.internal;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
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
 * Holds a member of staff back from every handler that needs {@link Permission#PUPIL_DATA} until
 * they have acknowledged the school's current guidance, where the school requires it: pages send
 * them to the guidance page, API calls get {@code 403 guidance-acknowledgement-required}. API tokens
 * (systems, not people) and platform staff are not asked.
 */
@Configuration(proxyBeanMethods = false)
class GuidanceGate implements WebMvcConfigurer, HandlerInterceptor {

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

    private static boolean needsPupilData(HandlerMethod method) {
        RequiresPermission required = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequiresPermission.class);
        if (required == null) {
            required = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresPermission.class);
        }
        return required != null && required.value() == Permission.PUPIL_DATA;
    }
}
