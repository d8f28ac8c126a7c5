package org.custodian.schools.internal;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.custodian.identity.CustodianUser;
import org.custodian.schools.SchoolState;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A terminated school's people may do nothing but the admin's grace export: every other page or
 * API call of theirs is refused ({@code 403 school-terminated}) before it reaches a controller, so
 * nothing changes. The school's state is read once per session: leaving service ends every session,
 * so a session begun in service stays in service, and the one begun after termination stays held.
 * Sessionless calls need no check: termination revoked every API token and a terminated school's
 * admin cannot issue one.
 */
@Component
class GraceOnlyFilter extends OncePerRequestFilter {

    static final String GRACE_PAGE = "/grace-export";
    static final String GRACE_API = "/api/v1/grace-export";
    private static final String CHECKED = GraceOnlyFilter.class.getName() + ".state";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final JsonMapper json;

    GraceOnlyFilter(JdbcClient jdbc, Tenancy tenancy, JsonMapper json) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        HttpSession session = request.getSession(false);
        if (session == null || authentication == null
                || !(authentication.getPrincipal() instanceof CustodianUser user) || user.schoolId() == null
                || signingIn(authentication)
                || allowed(request.getRequestURI()) || inService(session, user.schoolId())) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getRequestURI().startsWith("/api/")) {
            response.setStatus(HttpStatus.FORBIDDEN.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), Problems.of(HttpStatus.FORBIDDEN, "school-terminated",
                    "The school's use of Custodian has ended: its admin may only export its data until the purge."));
        } else if ("GET".equals(request.getMethod())) {
            response.sendRedirect(GRACE_PAGE);
        } else {
            response.sendError(HttpStatus.FORBIDDEN.value());
        }
    }

    /** A sign-in still on its steps (second factor, new password) is identity's to keep on them. */
    private static boolean signingIn(Authentication authentication) {
        return authentication.getAuthorities().stream().anyMatch(a -> "SIGN_IN_PENDING".equals(a.getAuthority()));
    }

    private static boolean allowed(String path) {
        return path.equals(GRACE_PAGE) || path.startsWith(GRACE_PAGE + "/") || path.startsWith(GRACE_API + "/")
                || path.equals("/login") || path.equals("/logout") || path.equals("/error") || path.startsWith("/css/")
                || path.startsWith("/js/") || path.startsWith("/webjars/") || path.startsWith("/assets/");
    }

    private boolean inService(HttpSession session, UUID schoolId) {
        Object checked = session.getAttribute(CHECKED);
        if (checked instanceof String state) {
            return SchoolState.valueOf(state).inService();
        }
        SchoolState state = tenancy.inSchool(schoolId, () -> jdbc.sql("select state from school where id = ?")
                .param(schoolId).query(String.class).optional().map(SchoolState::valueOf).orElse(SchoolState.PURGED));
        session.setAttribute(CHECKED, state.name());
        return state.inService();
    }
}
