package org.custodian.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.custodian.crypto.PrivateFiles;

/**
 * A development certificate for {@code localhost}, generated once and kept (with its random key
 * store password beside it, both readable by the owner only) so later starts reuse it.
 */
final class SelfSignedCertificate {

    static final String ALIAS = "custodian";
    private static final Duration VALIDITY = Duration.ofDays(825);

    private final Path keyStore;
    private final Path passwordFile;

    SelfSignedCertificate(Path keyStore) {
        this.keyStore = keyStore;
        this.passwordFile = keyStore.resolveSibling(keyStore.getFileName() + ".password");
    }

    /** Creates the key store unless it exists; returns whether it was created. */
    boolean ensureExists(Clock clock) {
        if (Files.exists(keyStore) && Files.exists(passwordFile)) {
            return false;
        }
        try {
            String password = randomPassword();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            KeyPair keyPair = newKeyPair();
            store.setKeyEntry(ALIAS, keyPair.getPrivate(), password.toCharArray(),
                    new Certificate[] {certificate(keyPair, clock.instant())});
            PrivateFiles.write(passwordFile, password.getBytes(StandardCharsets.UTF_8));
            try (OutputStream out = PrivateFiles.create(keyStore)) {
                store.store(out, password.toCharArray());
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the self-signed certificate", e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Could not generate the self-signed certificate", e);
        }
    }

    Path keyStore() {
        return keyStore;
    }

    String password() {
        try {
            return Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the key store password", e);
        }
    }

    X509Certificate certificate() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password().toCharArray());
            return (X509Certificate) store.getCertificate(ALIAS);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the key store", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not read the key store", e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(KeyPair keyPair, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=localhost, O=Custodian (self-signed development certificate)");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(VALIDITY)), subject, keyPair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")}));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
