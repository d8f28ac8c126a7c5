package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.FuzzOracles;
import org.custodian.tenancy.Tenancy;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.context.WebApplicationContext;

/**
 * Requests to a few API endpoints, signed in as a data manager, with fuzzed headers (purpose,
 * reason, request id, Accept, Content-Type, If-Match and one of any name), query parameters and
 * bodies (a pupil with one fuzzed member, or any bytes). Every answer is below 500; a refused
 * request (not 2xx) changes no pupil row; nothing is logged at ERROR; and no log line quotes what
 * was sent.
 */
@CustodianTest
@AutoConfigureMockMvc
class ApiRequestFuzzIT {

    private static final List<ILoggingEvent> LOG = new CopyOnWriteArrayList<>();
    private static final String[] HEADERS = {"Custodian-Purpose", "Custodian-Reason", "X-Request-Id", "Accept",
            "Content-Type", "If-Match"};
    private static final String[] FIELDS = {"upn", "forename", "surname", "dateOfBirth", "sex", "ncYear",
            "admissionNumber", "registrationGroup", "classes", "categories"};

    @Autowired MockMvc mvc;
    @Autowired Fixtures fixtures;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    @Autowired WebApplicationContext context;

    // One school, user and pupil for every execution (Jazzer may make a test instance per execution).
    private static UUID school;
    private static CustodianUser dataManager;
    private static UUID pupil;

    @FuzzTest(maxDuration = "30s")
    void anyRequestIsAnsweredWithoutA5xxAWriteOrALoggedValue(FuzzedDataProvider data) throws Exception {
        signedInWithOnePupil();
        List<String> sent = new ArrayList<>();
        MockHttpServletRequestBuilder request = switch (data.consumeInt(0, 4)) {
            case 0 -> request(HttpMethod.POST, "/api/v1/pupils");
            case 1 -> request(HttpMethod.PUT, "/api/v1/pupils/" + pupil);
            case 2 -> request(HttpMethod.POST, "/api/v1/pupils/search");
            case 3 -> request(HttpMethod.GET, "/api/v1/pupils");
            default -> request(HttpMethod.GET, "/api/v1/pupils/" + pupil);
        };
        request.with(user(dataManager)).with(csrf()).header("Custodian-Purpose", "DATA_MANAGEMENT")
                .header("Accept", "application/json").contentType(MediaType.APPLICATION_JSON);
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            String name = data.consumeInt(0, 6) < 6 ? HEADERS[data.consumeInt(0, HEADERS.length - 1)]
                    : latin1(data.consumeBytes(data.consumeInt(1, 20)));
            String value = latin1(data.consumeBytes(data.consumeInt(0, 200)));
            if (!value.isEmpty() && data.consumeInt(0, 7) == 0) {
                value = value.repeat(Math.max(1, 6000 / value.length())); // Tomcat takes headers up to 8 KB
            }
            if (name.isEmpty()) {
                continue;
            }
            sent.add(value);
            request.header(name, value);
        }
        for (int i = data.consumeInt(0, 2); i > 0; i--) {
            String name = data.consumeString(12);
            String value = data.consumeString(60);
            sent.add(name + " " + value);
            if (!name.isEmpty()) {
                request.queryParam(name, value);
            }
        }
        byte[] body = data.consumeBoolean() ? pupilWithOneFuzzedMember(data).getBytes(StandardCharsets.UTF_8)
                : data.consumeRemainingAsBytes();
        sent.add(new String(body, StandardCharsets.UTF_8));
        request.content(body);

        MockHttpServletRequest built;
        try {
            built = request.postProcessRequest(request.buildRequest(context.getServletContext()));
        } catch (IllegalArgumentException notSendable) {
            return; // the test client cannot build it (a Content-Type it cannot parse, say): nothing reaches the application
        }
        String before = pupilRows();
        LOG.clear();
        MockHttpServletResponse response = mvc.perform(servletContext -> built).andReturn().getResponse();

        assertThat(response.getStatus()).as("status").isLessThan(500);
        if (response.getStatus() / 100 != 2) {
            assertThat(pupilRows()).as("pupil rows after a refused request (%d)", response.getStatus()).isEqualTo(before);
        }
        for (ILoggingEvent event : LOG) {
            assertThat(event.getLevel()).as("a log line's level: %s", event.getLoggerName()).isNotEqualTo(Level.ERROR);
            String line = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
            for (String input : sent) {
                FuzzOracles.quotesNothingOf(input, line, "a log line of " + event.getLoggerName());
            }
        }
    }

    private String pupilWithOneFuzzedMember(FuzzedDataProvider data) {
        String fuzzed = FIELDS[data.consumeInt(0, FIELDS.length - 1)];
        String value = data.consumeString(80);
        String json = fixtures.newPupil().json();
        // The member's value (text, array or object) is replaced by the fuzzed text, as it is: valid JSON or not.
        String replaced = json.replaceFirst("(\"" + fuzzed + "\": )(\"[^\"]*\"|\\[[^\\]]*\\])",
                "$1" + java.util.regex.Matcher.quoteReplacement(value));
        return replaced.equals(json) ? json.replaceFirst("\\}$", java.util.regex.Matcher.quoteReplacement(
                ", \"" + fuzzed + "\": " + value + "}")) : replaced;
    }

    /** Every pupil row of the school, as text: any write shows. */
    private String pupilRows() {
        return tenancy.inSchool(school, () -> jdbc.sql(
                        "select count(*) || ':' || coalesce(md5(string_agg(p::text, ',' order by p.id)), '') "
                                + "from pupil p where p.school_id = ?")
                .params(school).query(String.class).single());
    }

    private void signedInWithOnePupil() throws Exception {
        if (school != null) {
            return;
        }
        school = fixtures.school().id();
        CustodianUser admin = fixtures.schoolAdmin(school);
        fixtures.acceptAgreement(school, admin);
        dataManager = fixtures.user(school, Role.DATA_MANAGER);
        String location = mvc.perform(request(HttpMethod.POST, "/api/v1/pupils").with(user(dataManager)).with(csrf())
                        .header("Custodian-Purpose", "DATA_MANAGEMENT").accept(MediaType.APPLICATION_JSON)
                        .contentType(MediaType.APPLICATION_JSON).content(fixtures.newPupil().json()))
                .andReturn().getResponse().getHeader("Location");
        assertThat(location).as("the pupil the fuzzer updates and reads").isNotNull();
        pupil = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                LOG.add(event);
            }
        };
        capture.setName("fuzz-capture");
        capture.start();
        root.addAppender(capture);
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String throwableText(IThrowableProxy throwable) {
        StringBuilder text = new StringBuilder();
        for (IThrowableProxy t = throwable; t != null; t = t.getCause()) {
            text.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }
}
