package org.custodian.web.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.web.HeaderText;
import org.custodian.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import tools.jackson.databind.json.JsonMapper;

/**
 * The security firewall: header values may be any UTF-8 text (a reason such as "Parent’s request
 * about Zoë" arrives as UTF-8 bytes, which the default firewall mistakes for control characters),
 * and a request it rejects gets a 400 problem detail and one WARN line that never quotes what was
 * sent (the firewall's own message quotes the offending value).
 */
@Configuration(proxyBeanMethods = false)
class FirewallConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FirewallConfiguration.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(HeaderText::firewallAllows);
        return firewall;
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return FirewallConfiguration::reject;
    }

    /** The answer to a request the firewall rejected: the same whether it was rejected in the filters or later. */
    static ProblemDetail rejected(HttpServletRequest request) {
        log.warn("Refused a request the firewall rejected: request-rejected ({}, a path of {} characters)",
                request.getMethod(), request.getRequestURI() == null ? 0 : request.getRequestURI().length());
        return Problems.of(HttpStatus.BAD_REQUEST, "request-rejected",
                "The request has a header, path or parameter Custodian does not accept (for example a control"
                        + " character).");
    }

    static void reject(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        ProblemDetail problem = rejected(request);
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(problem));
    }
}
