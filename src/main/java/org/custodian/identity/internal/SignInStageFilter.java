package org.custodian.identity.internal;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps a half-finished sign-in on its next step: pages redirect there, the API answers with a
 * problem naming the step. (Without permissions nothing else would serve it anyway.)
 */
@Component
class SignInStageFilter extends OncePerRequestFilter {

    private static final Set<String> ALWAYS_ALLOWED = Set.of("/login", "/logout", "/error", "/sign-in/recovery-code");

    private final SignInFlow flow;
    private final JsonMapper json;

    SignInStageFilter(SignInFlow flow, JsonMapper json) {
        this.flow = flow;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof StagedAuthentication staged) {
            String path = request.getRequestURI();
            SignInStage stage = flow.next(staged);
            boolean allowed = path.startsWith(stage.path()) || ALWAYS_ALLOWED.contains(path)
                    || path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/webjars/");
            if (stage != SignInStage.COMPLETE && !allowed) {
                if (path.startsWith("/api/")) {
                    SecurityConfiguration.write(response, json,
                            Problems.of(HttpStatus.FORBIDDEN, stage.problemCode(), stage.message()));
                } else {
                    response.sendRedirect(stage.path());
                }
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
