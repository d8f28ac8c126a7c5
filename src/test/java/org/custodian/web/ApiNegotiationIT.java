package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * An API client that asks for a representation Custodian cannot give is refused before anything
 * runs: before, a write committed and its client was told it had failed.
 */
@CustodianTest
@AutoConfigureMockMvc
class ApiNegotiationIT {

    private static final String UNPARSEABLE = "pupil record please";
    private static final Set<RequestMethod> WRITES = Set.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH,
            RequestMethod.DELETE);

    @Autowired MockMvc mvc;
    @Autowired Fixtures fixtures;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

    @Test
    void aPupilAskedForInAFormNoOneCanAnswerIsNotCreated() throws Exception {
        UUID school = fixtures.school().id();
        CustodianUser admin = fixtures.schoolAdmin(school);
        fixtures.acceptAgreement(school, admin);
        CustodianUser dataManager = fixtures.user(school, Role.DATA_MANAGER);

        for (String accept : List.of(UNPARSEABLE, "text/html", "application/xml")) {
            mvc.perform(post("/api/v1/pupils").with(user(dataManager)).with(csrf()).header("Accept", accept)
                            .header("Custodian-Purpose", "DATA_MANAGEMENT").contentType(MediaType.APPLICATION_JSON)
                            .content(fixtures.newPupil().json()))
                    .andExpect(status().isNotAcceptable())
                    .andExpect(jsonPath("$.code").value("not-acceptable"));
        }
        assertThat(pupils(school)).isZero();

        mvc.perform(post("/api/v1/pupils").with(user(dataManager)).with(csrf()).header("Accept", "application/json")
                        .header("Custodian-Purpose", "DATA_MANAGEMENT").contentType(MediaType.APPLICATION_JSON)
                        .content(fixtures.newPupil().json()))
                .andExpect(status().isCreated());
        assertThat(pupils(school)).as("an answerable request still works").isEqualTo(1);
    }

    @Test
    void everyWriteEndpointOfTheApiRefusesAnAcceptHeaderThatDoesNotParseBeforeItRuns() throws Exception {
        UUID school = fixtures.school().id();
        CustodianUser admin = fixtures.schoolAdmin(school);
        fixtures.acceptAgreement(school, admin);
        CustodianUser operator = fixtures.platformAdmin();
        long before = pupils(school);

        List<String> answeredOtherwise = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            if (!mapping.getValue().getBeanType().isAnnotationPresent(RestController.class)) {
                continue;
            }
            for (String pattern : mapping.getKey().getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                for (RequestMethod method : mapping.getKey().getMethodsCondition().getMethods()) {
                    if (!WRITES.contains(method)) {
                        continue;
                    }
                    String path = pattern.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                    CustodianUser caller = pattern.startsWith("/api/v1/platform") || pattern.startsWith("/api/v1/schools")
                            ? operator : admin;
                    boolean multipart = mapping.getKey().getConsumesCondition().getConsumableMediaTypes()
                            .contains(MediaType.MULTIPART_FORM_DATA);
                    AbstractMockHttpServletRequestBuilder<?> call = multipart
                            ? multipart(HttpMethod.valueOf(method.name()), path).file("file", "UPN,Surname\n".getBytes())
                            : request(HttpMethod.valueOf(method.name()), path).contentType(MediaType.APPLICATION_JSON).content("{}");
                    // A mapping only for requests naming a parameter (DELETE /sessions?user=...) gets one.
                    mapping.getKey().getParamsCondition().getExpressions()
                            .forEach(param -> call.param(param.getName(), UUID.randomUUID().toString()));
                    int answered = mvc.perform(call.with(user(caller)).with(csrf())
                                    .header("Accept", UNPARSEABLE).header("Custodian-Purpose", "DATA_MANAGEMENT"))
                            .andReturn().getResponse().getStatus();
                    checked++;
                    if (answered != 406) {
                        answeredOtherwise.add(method + " " + pattern + " -> " + answered);
                    }
                }
            }
        }

        assertThat(checked).as("write endpoints found").isGreaterThan(30);
        assertThat(answeredOtherwise).isEmpty();
        assertThat(pupils(school)).isEqualTo(before);
    }

    private long pupils(UUID school) {
        return tenancy.inSchool(school, () -> jdbc.sql("select count(*) from pupil where school_id = ?").params(school)
                .query(Long.class).single());
    }
}
