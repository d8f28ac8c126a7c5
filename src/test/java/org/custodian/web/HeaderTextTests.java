package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Header text decoding at its edges: long values, escapes, surrogates, bytes that are not UTF-8. */
class HeaderTextTests {

    @Test
    void aLongPercentEncodedReasonDecodesWithoutOverflowingTheStack() {
        String reason = "a".repeat(7000) + "%C3%AB";
        assertThat(HeaderText.decode(reason, "Custodian-Reason")).isEqualTo("a".repeat(7000) + "\u00eb");
        assertThat(HeaderText.decode("%41" + "b".repeat(7000), "Custodian-Reason")).isEqualTo("A" + "b".repeat(7000));
    }

    @Test
    void aLoneSurrogateHandedOverDecodedIsRefusedAndAPairIsKept() {
        assertThatThrownBy(() -> HeaderText.decode("Zo\u00eb \ud800 \u2019", "Custodian-Reason"))
                .isInstanceOf(ProblemException.class);
        assertThat(HeaderText.decode("Zo\u00eb \ud83d\ude00 \u2019", "Custodian-Reason")).isEqualTo("Zo\u00eb \ud83d\ude00 \u2019");
    }

    @Test
    void rawUtf8BytesDecodeAndOtherBytesAreRefused() {
        String raw = new String("Parent\u2019s request about Zo\u00eb".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(HeaderText.decode(raw, "Custodian-Reason")).isEqualTo("Parent\u2019s request about Zo\u00eb");
        assertThatThrownBy(() -> HeaderText.decode("Zo\u00eb", "Custodian-Reason")).isInstanceOf(ProblemException.class);
        assertThat(HeaderText.decode("100%25 sure", "Custodian-Reason")).isEqualTo("100% sure");
    }
}
