package org.custodian.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTests {

    private static final Instant NOW = Instant.parse("2031-03-14T09:26:53Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    @TempDir
    Path directory;

    @Test
    void ensureExistsCreatesTheKeyStoreOnceAndLaterCallsKeepTheSameCertificate() throws Exception {
        Path keyStore = directory.resolve("tls").resolve("keystore.p12");
        SelfSignedCertificate certificate = new SelfSignedCertificate(keyStore);

        assertThat(certificate.ensureExists(CLOCK)).isTrue();
        byte[] first = certificate.certificate().getEncoded();
        byte[] storeBytes = Files.readAllBytes(keyStore);

        assertThat(certificate.ensureExists(Clock.offset(CLOCK, Duration.ofDays(400)))).isFalse();
        assertThat(new SelfSignedCertificate(keyStore).ensureExists(CLOCK)).as("a new instance, as on restart").isFalse();
        assertThat(new SelfSignedCertificate(keyStore).certificate().getEncoded()).isEqualTo(first);
        assertThat(Files.readAllBytes(keyStore)).isEqualTo(storeBytes);
    }

    @Test
    void theKeyStoreAndItsPasswordFileAreReadableByTheirOwnerOnly() throws Exception {
        Path keyStore = directory.resolve("keystore.p12");
        new SelfSignedCertificate(keyStore).ensureExists(CLOCK);

        Path passwordFile = directory.resolve("keystore.p12.password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyStore))).isEqualTo("rw-------");
    }

    @Test
    void thePasswordFileOpensTheKeyStoreAndItsKeyMatchesTheCertificate() throws Exception {
        Path keyStore = directory.resolve("keystore.p12");
        SelfSignedCertificate certificate = new SelfSignedCertificate(keyStore);
        certificate.ensureExists(CLOCK);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keyStore)) {
            store.load(in, certificate.password().toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey(SelfSignedCertificate.ALIAS, certificate.password().toCharArray());
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.certificate().getPublicKey());
        verifier.update(new byte[] {1, 2, 3});

        assertThat(certificate.password()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void theCertificateNamesLocalhostAndItsLoopbackAddresses() throws Exception {
        Path keyStore = directory.resolve("keystore.p12");
        SelfSignedCertificate certificate = new SelfSignedCertificate(keyStore);
        certificate.ensureExists(CLOCK);
        X509Certificate x509 = certificate.certificate();

        Collection<List<?>> names = x509.getSubjectAlternativeNames();

        assertThat(names).contains(List.of(DNS_NAME, "localhost"), List.of(IP_ADDRESS, "127.0.0.1"));
        assertThat(x509.getSubjectX500Principal().getName()).contains("CN=localhost");
        assertThat(x509.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        x509.verify(x509.getPublicKey()); // self-signed
    }

    @Test
    void validityStartsBeforeTheClocksNowAndLastsWellBeyondIt() throws Exception {
        Path keyStore = directory.resolve("keystore.p12");
        SelfSignedCertificate certificate = new SelfSignedCertificate(keyStore);
        certificate.ensureExists(CLOCK);
        X509Certificate x509 = certificate.certificate();

        assertThat(x509.getNotBefore().toInstant()).isBefore(NOW);
        assertThat(x509.getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(365)));
        x509.checkValidity(Date.from(NOW));
    }
}
