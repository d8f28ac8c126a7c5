package org.custodian.web.internal;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.web.ProblemException;
import org.custodian.web.Problems;
import org.custodian.web.PublicPaths;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * A resource isolation policy on Fetch Metadata: a request another site made the browser send
 * ({@code Sec-Fetch-Site: cross-site}) reaches public paths only, and, as a top-level navigation
 * (following a link), the home and sign-in pages (and the start pages the home page sends people on to). Otherwise a link on another site could make a
 * signed-in teacher's browser open a pupil page, which the access log would record in their name
 * (the SameSite=Lax cookie goes along with top-level GETs). It runs before sessions are loaded, so a
 * refused request touches nothing.
 *
 * <p>Requests without the header (older browsers, API clients with tokens) pass: they are not a
 * browser being steered by another site, and CSRF tokens and SameSite still stand behind this.
 */
class CrossSiteRequestFilter extends OncePerRequestFilter {

    static final String CODE = "cross-site-request";
    static final String DETAIL = "This page cannot be opened from another site. Open Custodian and go to it from there.";
    /**
     * The home and sign-in pages, and the start pages the home page redirects to: a browser keeps
     * marking every request of a redirect chain that began on another site as cross-site. None of
     * them reads pupil data or changes anything.
     */
    private static final Set<String> NAVIGATION_TARGETS = Set.of("/", "/login", "/school", "/platform/schools");

    private final List<PathPattern> publicPaths;
    private final JsonMapper json;

    CrossSiteRequestFilter(JsonMapper json) {
        this.json = json;
        this.publicPaths = PublicPaths.PATTERNS.stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"cross-site".equals(request.getHeader("Sec-Fetch-Site")) || allowedCrossSite(request)) {
            chain.doFilter(request, response);
            return;
        }
        ProblemException refusal = ProblemException.forbidden(CODE, DETAIL);
        if (path(request).startsWith("/api/")) {
            response.setStatus(refusal.status().value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), Problems.of(refusal.status(), CODE, DETAIL));
        } else {
            // The error page shows this refusal's code and message (ErrorPageController).
            request.setAttribute(ErrorPageController.PROBLEM, refusal);
            response.sendError(HttpStatus.FORBIDDEN.value());
        }
    }

    private boolean allowedCrossSite(HttpServletRequest request) {
        String path = path(request);
        PathContainer container = PathContainer.parsePath(path);
        if (publicPaths.stream().anyMatch(pattern -> pattern.matches(container))) {
            return true;
        }
        return "GET".equals(request.getMethod())
                && "navigate".equals(request.getHeader("Sec-Fetch-Mode"))
                && "document".equals(request.getHeader("Sec-Fetch-Dest"))
                && NAVIGATION_TARGETS.contains(path);
    }

    /** The decoded, normalised path the container maps (never the raw URI, which may hide ".."). */
    private static String path(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }
}
