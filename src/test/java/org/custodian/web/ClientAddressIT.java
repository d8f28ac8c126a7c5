package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;


import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Behind a trusted reverse proxy (here: the test itself, on the loopback address) every record of
 * "from where" holds the client's address from the proxy's header, not the proxy's. The same header
 * from an untrusted peer is ignored (SignInEventsIT, where no proxy is trusted). Shares its settings,
 * and so its application, with SourceThrottleIT.
 */
@CustodianTest
@TestPropertySource(properties = {"custodian.sign-in.max-failures-per-source=5",
        "custodian.web.trusted-proxies=127.0.0.1/32, ::1/128"})
class ClientAddressIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired SecurityEvents events;
    @Autowired InformationSharingAgreements agreements;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;

    @Test
    void signInEventsAndTheSessionListRecordTheForwardedClient() {
        School school = fixtures.school();
        CustodianUser teacher = fixtures.user(school.id(), Role.TEACHER);
        CustodianUser admin = fixtures.schoolAdmin(school.id());

        fixtures.signedIn(new Browser(port, "X-Forwarded-For", "198.51.100.23"), teacher);
        new Browser(port, "Forwarded", "for=\"[2001:db8:cafe::17]:4711\";proto=https")
                .signIn(teacher.getUsername(), "Wrong-Passw0rd");
        Browser adminBrowser = fixtures.signedIn(port, admin);

        assertThat(events.list(school.id(), teacher.id(), null, null, 20))
                .filteredOn(e -> e.type() == SecurityEventType.SIGN_IN_SUCCEEDED)
                .singleElement().satisfies(e -> assertThat(e.sourceIp()).isEqualTo("198.51.100.23"));
        assertThat(events.list(school.id(), teacher.id(), null, null, 20))
                .filteredOn(e -> e.type() == SecurityEventType.SIGN_IN_FAILED)
                .singleElement().satisfies(e -> assertThat(e.sourceIp()).isEqualTo("2001:db8:cafe:0:0:0:0:17"));
        assertThat(adminBrowser.get("/api/v1/sessions").body()).contains("\"sourceIp\":\"198.51.100.23\"");
    }

    @Test
    void agreementReceiptsAndTheAccessLogRecordTheForwardedClient() {
        School school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        Browser adminBrowser = fixtures.signedIn(new Browser(port, "X-Forwarded-For", "203.0.113.50, 127.0.0.1"), admin);
        String hash = agreements.current().orElseThrow().contentHash();

        var accepted = adminBrowser.api("POST", "/api/v1/schools/" + school.id() + "/isa-acceptances",
                "{\"contentHash\":\"" + hash + "\",\"signerName\":\"Ada Admin\",\"signerRole\":\"Headteacher\"}");
        Browser dataManager = fixtures.signedIn(new Browser(port, "X-Forwarded-For", "192.0.2.77"),
                fixtures.user(school.id(), Role.DATA_MANAGER));
        var created = dataManager.api("POST", "/api/v1/pupils", fixtures.newPupil().json(), "Custodian-Purpose",
                "DATA_MANAGEMENT");

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        assertThat(accepted.body()).contains("\"sourceIp\":\"203.0.113.50\"");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select distinct source_ip from access_log_entry where school_id = ?")
                .param(school.id()).query(String.class).list())).containsExactly("192.0.2.77");
    }

    @Test
    void withoutAHeaderTheTrustedProxyIsTheClient() {
        School school = fixtures.school();
        CustodianUser teacher = fixtures.user(school.id(), Role.TEACHER);

        fixtures.signedIn(port, teacher);

        assertThat(events.list(school.id(), teacher.id(), null, null, 20))
                .filteredOn(e -> e.type() == SecurityEventType.SIGN_IN_SUCCEEDED)
                .singleElement().satisfies(e -> assertThat(e.sourceIp()).isEqualTo("127.0.0.1"));
    }

}
