package org.custodian.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.custodian.web.ClientAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class ClientAddressFilterTests {

    private final ClientAddressFilter behindProxies = new ClientAddressFilter(List.of("10.0.0.0/8", "2001:db8:ffff::/48"));
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ClientAddressFilter.class);

    @BeforeEach
    void captureLog() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(logged);
    }

    @Test
    void withoutTrustedProxiesTheHeadersAreIgnored() {
        var filter = new ClientAddressFilter(List.of());

        assertThat(filter.resolve(request("10.1.2.3", "X-Forwarded-For", "203.0.113.9"))).isEqualTo("10.1.2.3");
        assertThat(filter.resolve(request("10.1.2.3", "Forwarded", "for=203.0.113.9"))).isEqualTo("10.1.2.3");
    }

    @Test
    void aPeerOutsideTheTrustedRangesCannotNameAnotherClient() {
        assertThat(behindProxies.resolve(request("192.0.2.50", "X-Forwarded-For", "203.0.113.9"))).isEqualTo("192.0.2.50");
        assertThat(behindProxies.resolve(request("192.0.2.50", "Forwarded", "for=203.0.113.9"))).isEqualTo("192.0.2.50");
    }

    @Test
    void theClientIsTheRightMostAddressThatIsNotATrustedProxy() {
        // The left-most entry is whatever the client claimed; only what trusted hops reported counts.
        assertThat(behindProxies.resolve(request("10.0.0.1", "X-Forwarded-For", "1.1.1.1, 203.0.113.9, 10.9.9.9")))
                .isEqualTo("203.0.113.9");
        assertThat(behindProxies.resolve(request("10.0.0.1", "X-Forwarded-For", "10.2.2.2, 10.3.3.3")))
                .as("every hop trusted: the left-most").isEqualTo("10.2.2.2");
        assertThat(behindProxies.resolve(request("10.0.0.1"))).as("no header: the proxy itself").isEqualTo("10.0.0.1");
    }

    @Test
    void severalHeaderLinesReadAsOneChain() {
        var request = request("10.0.0.1", "X-Forwarded-For", "1.1.1.1");
        request.addHeader("X-Forwarded-For", "198.51.100.4");
        assertThat(behindProxies.resolve(request)).isEqualTo("198.51.100.4");
    }

    @Test
    void forwardedFollowsRfc7239WithPortsQuotedIpv6AndOtherParameters() {
        assertThat(behindProxies.resolve(request("10.0.0.1", "Forwarded",
                "for=192.0.2.60;proto=http;by=203.0.113.43, For=\"[2001:db8:cafe::17]:4711\"")))
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(behindProxies.resolve(request("2001:db8:ffff::1", "Forwarded", "for=\"198.51.100.7:8080\"")))
                .as("an IPv6 proxy").isEqualTo("198.51.100.7");
        assertThat(behindProxies.resolve(request("10.0.0.1", "Forwarded", "for=unknown, for=10.4.4.4")))
                .as("nothing is known beyond 'unknown'").isEqualTo("10.4.4.4");
        assertThat(behindProxies.resolve(request("10.0.0.1", "Forwarded", "for=198.51.100.1",
                "X-Forwarded-For", "203.0.113.9"))).as("Forwarded wins").isEqualTo("198.51.100.1");
    }

    @Test
    void aMalformedHeaderFromATrustedProxyLeavesThePeerWithOneWarningThatDoesNotQuoteIt() {
        List<String[]> malformed = List.of(
                new String[] {"X-Forwarded-For", "secret-host.example"},
                new String[] {"X-Forwarded-For", "203.0.113.9, "},
                new String[] {"X-Forwarded-For", "999.1.1.1"},
                new String[] {"Forwarded", "for=\"[2001:db8::1\""},
                new String[] {"Forwarded", "for=\"unterminated"},
                new String[] {"Forwarded", "proto=https"},
                new String[] {"Forwarded", "for=1.2.3.4:notaport"});
        for (String[] header : malformed) {
            assertThat(behindProxies.resolve(request("10.0.0.1", header[0], header[1]))).isEqualTo("10.0.0.1");
        }

        assertThat(logged.list).hasSize(malformed.size()).allSatisfy(event -> {
            assertThat(event.getLevel().toString()).isEqualTo("WARN");
            assertThat(event.getFormattedMessage()).doesNotContain("secret-host", "203.0.113", "999", "unterminated", "2001");
        });
    }

    @Test
    void theFilterLeavesTheAddressForClientAddressOnceForTheWholeRequest() throws Exception {
        var request = request("10.0.0.1", "X-Forwarded-For", "203.0.113.9");
        behindProxies.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());

        assertThat(ClientAddress.of(request)).isEqualTo("203.0.113.9");
        assertThat(ClientAddress.of(request("192.0.2.1", "X-Forwarded-For", "203.0.113.9")))
                .as("without the filter: the peer, never a header").isEqualTo("192.0.2.1");
    }

    @Test
    void rangesAreCheckedAtStart() {
        assertThatThrownBy(() -> new ClientAddressFilter(List.of("proxy.example.org")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("custodian.web.trusted-proxies");
        assertThatThrownBy(() -> new ClientAddressFilter(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ClientAddressFilter(List.of("::1", "127.0.0.1/32")).resolve(request("0:0:0:0:0:0:0:1",
                "X-Forwarded-For", "203.0.113.9"))).isEqualTo("203.0.113.9");
    }

    /**
     * Every "from where" goes through ClientAddress; the peer's address is read nowhere else (sign-in
     * gets it through its authentication details, SecurityConfiguration; SourceThrottleIT covers that).
     */
    @Test
    void onlyTheClientAddressCodeReadsTheRemoteAddress() throws IOException {
        Path sources = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            List<Path> readers = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> {
                        try {
                            String text = Files.readString(file);
                            return text.contains("getRemoteAddr(");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .map(sources::relativize).toList();
            assertThat(readers).containsExactlyInAnyOrder(Path.of("org/custodian/web/ClientAddress.java"),
                    Path.of("org/custodian/web/internal/ClientAddressFilter.java"));
        }
    }

    private static MockHttpServletRequest request(String peer, String... headers) {
        var request = new MockHttpServletRequest("GET", "/");
        request.setRemoteAddr(peer);
        for (int i = 0; i < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        return request;
    }
}
