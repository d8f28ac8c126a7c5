package org.custodian.identity.internal;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.web.ClientAddress;
import org.custodian.web.Problems;
import org.custodian.web.PublicPaths;
import org.springframework.security.core.annotation.AnnotationTemplateExpressionDefaults;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Web security. Pages and the API share one chain: session sign-in, CSRF on every state change,
 * strict headers; the API also takes a school's API tokens (stateless, see {@link ApiTokenFilter}).
 * Which role may do what is decided per endpoint with {@code @RequiresPermission} (the matrix is
 * {@link org.custodian.identity.Role}).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /** No inline script or style anywhere; everything comes from this origin. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final RequestMatcher API = PathPatternRequestMatcher.withDefaults().matcher("/api/**");

    /** Lets {@code @RequiresPermission(X)} expand to {@code hasAuthority('X')}. */
    @Bean
    static AnnotationTemplateExpressionDefaults templateDefaults() {
        return new AnnotationTemplateExpressionDefaults();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, JsonMapper json, SignInStageFilter signInStages,
                                            SessionLifetimeFilter sessionLifetime, SignInFlow flow,
                                            SecurityEvents events, ApiTokenFilter apiTokens) throws Exception {
        http
                // A bearer-token request is authenticated by its header alone and never uses a session,
                // even if a cookie comes along (ApiTokenFilter): a forged cross-site request cannot ride on
                // it. Every other state change still needs the CSRF token.
                .csrf(csrf -> csrf.ignoringRequestMatchers(ApiTokenFilter::isBearer))
                .authorizeHttpRequests(requests -> requests
                        // Sign-in, errors, assets, invitation and reset links, the API description.
                        .requestMatchers(PublicPaths.patterns()).permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage("/login")
                        // The per-source throttle counts the client behind a trusted proxy, not the proxy.
                        .authenticationDetailsSource(SignInDetails::new)
                        .successHandler((request, response, authentication) -> response.sendRedirect(
                                flow.proceed((StagedAuthentication) authentication, request, response)))
                        .failureHandler(signInFailures())
                        .permitAll())
                .logout(logout -> logout
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null && authentication.getPrincipal() instanceof CustodianUser user) {
                                events.record(SecurityEventType.SIGNED_OUT, user, user, null);
                            }
                        })
                        .logoutSuccessUrl("/login?signed-out"))
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor((request, response, e) ->
                                write(response, json, Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated",
                                        "Sign in first.")), API)
                        .defaultAccessDeniedHandlerFor(apiAccessDenied(json), API)
                        // A page refused to a person is the error page (by way of /error), not the API's
                        // JSON: with the API's handler alone, Spring Security would use it everywhere.
                        .defaultAccessDeniedHandlerFor(new AccessDeniedHandlerImpl(), AnyRequestMatcher.INSTANCE))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000))
                        .permissionsPolicyHeader(permissions -> permissions.policy(
                                "camera=(), microphone=(), geolocation=(), payment=(), usb=()")))
                // Tokens are resolved before anything looks at a session (lifetime, CSRF, sign-in stages).
                .addFilterAfter(apiTokens, HeaderWriterFilter.class)
                .addFilterBefore(sessionLifetime, CsrfFilter.class)
                .addFilterAfter(signInStages, AuthorizationFilter.class);
        return http.build();
    }

    /**
     * One answer for every refusal (no enumeration), except the maintenance block, which applies to
     * everyone, and a closed school, which is told only after the right password.
     */
    private static AuthenticationFailureHandler signInFailures() {
        var failures = new ExceptionMappingAuthenticationFailureHandler();
        failures.setDefaultFailureUrl("/login?error");
        failures.setExceptionMappings(Map.of(SignInBlockedException.class.getName(), SignInBlockedException.PATH,
                SchoolClosedException.class.getName(), SchoolClosedException.PATH));
        // A field left empty is named, with what to enter: that reveals nothing about any account.
        return (request, response, e) -> {
            boolean noUsername = isBlank(request.getParameter("username"));
            boolean noPassword = isBlank(request.getParameter("password"));
            if ((noUsername || noPassword) && !(e instanceof SignInBlockedException) && !(e instanceof SchoolClosedException)) {
                response.sendRedirect(request.getContextPath() + "/login?error&missing="
                        + (noUsername && noPassword ? "both" : noUsername ? "username" : "password"));
                return;
            }
            failures.onAuthenticationFailure(request, response, e);
        };
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static AccessDeniedHandler apiAccessDenied(JsonMapper json) {
        return (request, response, e) -> write(response, json, e instanceof CsrfException
                ? Problems.of(HttpStatus.FORBIDDEN, "csrf-token-invalid",
                        "The request's CSRF token is missing or does not match the session.")
                : Problems.of(HttpStatus.FORBIDDEN, "forbidden", "You are not allowed to do this."));
    }

    static void write(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
