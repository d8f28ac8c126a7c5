package org.custodian.identity.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/** An account still on its one-time password can do nothing but choose a new one (or sign out). */
@Component
class PasswordChangeRequiredFilter extends OncePerRequestFilter {

    static final String CHANGE_PASSWORD_PATH = "/account/password";

    private final JsonMapper json;

    PasswordChangeRequiredFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof CustodianUser user
                && user.mustChangePassword() && !isAllowed(request.getRequestURI())) {
            if (request.getRequestURI().startsWith("/api/")) {
                SecurityConfiguration.write(response, json, Problems.of(HttpStatus.FORBIDDEN,
                        "password-change-required", "Choose a new password before using Custodian."));
            } else {
                response.sendRedirect(CHANGE_PASSWORD_PATH);
            }
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isAllowed(String path) {
        return path.equals(CHANGE_PASSWORD_PATH) || path.equals("/logout") || path.equals("/error")
                || path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/webjars/");
    }

    /** Servlet registration is off: this filter belongs inside the security chain only. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return true;
    }
}
