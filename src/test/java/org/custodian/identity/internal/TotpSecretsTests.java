package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** RFC 6238 appendix B (SHA-1 seed "12345678901234567890"), read as 6-digit codes. */
class TotpSecretsTests {

    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void matchesTheRfcVectorsAtTheirTimes() {
        assertThat(at(59).matchingStep(RFC_SEED, "287082")).contains(1L);
        assertThat(at(1111111109).matchingStep(RFC_SEED, "081804")).contains(37037036L);
        assertThat(at(1234567890).matchingStep(RFC_SEED, "005924")).contains(41152263L);
        assertThat(at(2000000000).matchingStep(RFC_SEED, "279037")).contains(66666666L);
    }

    @Test
    void acceptsOneStepOfDriftEitherWayButNoMore() {
        // The code of time 59 (step 1) is accepted at steps 0..2 and refused at step 3.
        assertThat(at(59 - 30).matchingStep(RFC_SEED, "287082")).contains(1L);
        assertThat(at(59 + 30).matchingStep(RFC_SEED, "287082")).contains(1L);
        assertThat(at(59 + 60).matchingStep(RFC_SEED, "287082")).isEmpty();
    }

    @Test
    void refusesMalformedCodes() {
        assertThat(at(59).matchingStep(RFC_SEED, "28708")).isEmpty();
        assertThat(at(59).matchingStep(RFC_SEED, "2870822")).isEmpty();
        assertThat(at(59).matchingStep(RFC_SEED, "28708a")).isEmpty();
        assertThat(at(59).matchingStep(RFC_SEED, null)).isEmpty();
    }

    @Test
    void theProvisioningUriCarriesTheKeyAndParameters() {
        String uri = TotpSecrets.provisioningUri("teacher@example.com", RFC_SEED);

        assertThat(uri).startsWith("otpauth://totp/Custodian%3Ateacher%40example.com?secret=")
                .contains("secret=" + TotpSecrets.manualKey(RFC_SEED), "issuer=Custodian", "digits=6", "period=30");
        assertThat(TotpSecrets.qrCodeDataUri(uri)).startsWith("data:image/png;base64,");
    }

    private static TotpSecrets at(long epochSecond) {
        return new TotpSecrets(null, null, null, null, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }
}
