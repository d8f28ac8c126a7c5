package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.custodian.CustodianApplication;
import org.custodian.crypto.MasterKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The packaged defaults on a fresh data directory: HTTPS only (TLS 1.2 and 1.3) with a self-signed
 * certificate for localhost, HSTS, plain HTTP redirected, and a restart that reuses the same
 * certificate and master key. The application runs as in production (no test profile).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HttpsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long ONE_YEAR_IN_SECONDS = 365L * 24 * 60 * 60;

    /*
     * The JDK disables TLS 1.0 and 1.1 for the whole JVM (jdk.tls.disabledAlgorithms), on the
     * server side as much as on the client side, and Tomcat runs in this JVM. If we left that on, a
     * refused TLS 1.1 handshake would prove nothing about Custodian's configuration. So the old
     * protocols are re-enabled here, before JSSE first reads the property (it reads it once per
     * JVM), and the refusal test first checks with a plain JSSE server that this JVM really can
     * speak them. Only test code speaks TLS in this JVM besides Custodian itself.
     */
    static {
        String disabled = Security.getProperty("jdk.tls.disabledAlgorithms");
        if (disabled != null) {
            Security.setProperty("jdk.tls.disabledAlgorithms", Arrays.stream(disabled.split(","))
                    .map(String::trim)
                    .filter(algorithm -> !algorithm.equals("TLSv1") && !algorithm.equals("TLSv1.1"))
                    .collect(Collectors.joining(", ")));
        }
    }

    private Path dataDir;
    private ConfigurableApplicationContext app;
    private int httpsPort;
    private int httpPort;

    @BeforeAll
    void startOnAFreshDataDirectory() throws IOException {
        dataDir = Path.of("target", "https-it", UUID.randomUUID().toString()).toAbsolutePath();
        start();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        FileSystemUtils.deleteRecursively(dataDir.toFile());
    }

    @Test
    @Order(1)
    void tls12AndTls13HandshakesSucceedWithTheStoredCertificateForLocalhost() throws Exception {
        SSLSession tls12 = handshake("TLSv1.2", httpsPort);
        SSLSession tls13 = handshake("TLSv1.3", httpsPort);

        assertThat(tls12.getProtocol()).isEqualTo("TLSv1.2");
        assertThat(tls13.getProtocol()).isEqualTo("TLSv1.3");
        X509Certificate served = (X509Certificate) tls13.getPeerCertificates()[0];
        assertThat(served).isEqualTo(storedCertificate());
        assertThat(served.getSubjectAlternativeNames()).contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(served.getSubjectX500Principal().getName()).contains("CN=localhost");
    }

    @Test
    @Order(2)
    void tls11AndTls10HandshakesAreRefused() throws Exception {
        for (String legacy : List.of("TLSv1.1", "TLSv1")) {
            boolean thisJvmSpeaksIt = plainJsseServerAccepts(legacy);
            if (thisJvmSpeaksIt) {
                // The client offered the protocol and the server answered with a protocol_version alert.
                assertThatThrownBy(() -> handshake(legacy, httpsPort))
                        .as("a %s handshake", legacy)
                        .isInstanceOf(SSLException.class)
                        .hasMessageContaining("protocol_version");
            } else {
                // This JDK would not even offer the protocol (JSSE was initialised before our static
                // block ran): a refusal would prove nothing, so the enabled-protocol assertion below
                // is what holds in this case.
                System.err.println("HttpsIT: this JVM cannot speak " + legacy
                        + "; relying on Tomcat's enabled protocols for the refusal");
                assertThatThrownBy(() -> handshake(legacy, httpsPort)).isInstanceOf(SSLException.class);
            }
        }
        // The negotiable set Tomcat actually handed to JSSE, after intersecting with what it supports.
        assertThat(httpsHostConfig().getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
    }

    @Test
    @Order(3)
    void httpsResponsesCarryStrictTransportSecurityForAtLeastAYear() throws Exception {
        HttpResponse<String> response = client().send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/login")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        String hsts = response.headers().firstValue("Strict-Transport-Security").orElseThrow();
        Matcher maxAge = Pattern.compile("max-age=(\\d+)").matcher(hsts);
        assertThat(maxAge.find()).as(hsts).isTrue();
        assertThat(Long.parseLong(maxAge.group(1))).isGreaterThanOrEqualTo(ONE_YEAR_IN_SECONDS);
        assertThat(hsts).contains("includeSubDomains");
    }

    @Test
    @Order(4)
    void plainHttpIsRedirectedToTheSamePathOnTheHttpsPort() throws Exception {
        HttpResponse<String> response = client().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + httpPort + "/login?from=plain")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isBetween(300, 399);
        assertThat(response.headers().firstValue("Location"))
                .hasValue("https://localhost:" + httpsPort + "/login?from=plain");
    }

    @Test
    @Order(5)
    void aRestartOnTheSameDataDirectoryReusesTheCertificateAndTheMasterKey() throws Exception {
        String fingerprint = fingerprint((X509Certificate) handshake("TLSv1.3", httpsPort).getPeerCertificates()[0]);
        Path masterKeyFile = dataDir.resolve("keys").resolve("master-keyset.json");
        byte[] masterKeyBefore = Files.readAllBytes(masterKeyFile);
        byte[] aad = "school:restart".getBytes(StandardCharsets.UTF_8);
        byte[] wrapped = app.getBean(MasterKey.class).aead().encrypt("a school keyset".getBytes(StandardCharsets.UTF_8), aad);

        app.close();
        app = null;
        start();

        assertThat(fingerprint((X509Certificate) handshake("TLSv1.3", httpsPort).getPeerCertificates()[0]))
                .isEqualTo(fingerprint);
        assertThat(Files.readAllBytes(masterKeyFile)).isEqualTo(masterKeyBefore);
        assertThat(new String(app.getBean(MasterKey.class).aead().decrypt(wrapped, aad), StandardCharsets.UTF_8))
                .isEqualTo("a school keyset");
    }

    private void start() throws IOException {
        httpsPort = freePort();
        do {
            httpPort = freePort();
        } while (httpPort == httpsPort);
        app = new SpringApplicationBuilder(CustodianApplication.class).run(
                "--custodian.data-dir=" + dataDir,
                "--custodian.tls.mode=self-signed",
                "--server.port=" + httpsPort,
                "--custodian.tls.http-redirect-port=" + httpPort,
                "--custodian.demo.enabled=false",
                "--spring.main.banner-mode=off");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A handshake offering only {@code protocol}, verifying the certificate and the name localhost. */
    private SSLSession handshake(String protocol, int port) throws IOException, GeneralSecurityException {
        try (SSLSocket socket = (SSLSocket) trustingTheStoredCertificate().getSocketFactory()
                .createSocket("localhost", port)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(new String[] {protocol});
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket.getSession();
        }
    }

    /** Whether this JVM can complete a {@code protocol} handshake at all, against a plain JSSE server. */
    private boolean plainJsseServerAccepts(String protocol) throws Exception {
        SSLContext serverContext = SSLContext.getInstance("TLS");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(storedKeyStore(), storedPassword().toCharArray());
        serverContext.init(keys.getKeyManagers(), null, null);
        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) WAIT.toMillis());
            server.setEnabledProtocols(new String[] {protocol});
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.setSoTimeout((int) WAIT.toMillis());
                    socket.startHandshake();
                } catch (IOException e) {
                    // the client reports the outcome
                }
            });
            try {
                return handshake(protocol, server.getLocalPort()).getProtocol().equals(protocol);
            } catch (SSLException e) {
                return false;
            } finally {
                accepted.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private SSLHostConfig httpsHostConfig() {
        TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) app).getWebServer();
        for (Connector connector : server.getTomcat().getService().findConnectors()) {
            if (connector.getLocalPort() == httpsPort
                    && connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol) {
                SSLHostConfig[] configs = protocol.findSslHostConfigs();
                assertThat(configs).hasSize(1);
                return configs[0];
            }
        }
        throw new AssertionError("No HTTPS connector on port " + httpsPort);
    }

    private HttpClient client() throws IOException, GeneralSecurityException {
        return HttpClient.newBuilder()
                .sslContext(trustingTheStoredCertificate())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(WAIT)
                .build();
    }

    /** Trusts exactly the certificate Custodian generated, read from its key store. */
    private SSLContext trustingTheStoredCertificate() throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("custodian", storedCertificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private X509Certificate storedCertificate() throws IOException, GeneralSecurityException {
        return (X509Certificate) storedKeyStore().getCertificate("custodian");
    }

    private KeyStore storedKeyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dataDir.resolve("tls").resolve("keystore.p12"))) {
            store.load(in, storedPassword().toCharArray());
        }
        return store;
    }

    private String storedPassword() throws IOException {
        return Files.readString(dataDir.resolve("tls").resolve("keystore.p12.password"), StandardCharsets.UTF_8).trim();
    }

    private static String fingerprint(X509Certificate certificate) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }
}
