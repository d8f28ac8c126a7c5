package org.custodian.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlindIndexTests {

    @Test
    void normalisationFoldsCaseWidthAndWhiteSpace() {
        assertThat(BlindIndex.normalise("  Ｏ'Brien \t\u00A0 SMITH\n")).isEqualTo("o'brien smith");
        assertThat(BlindIndex.normalise("ﬁnch")).isEqualTo("finch"); // NFKC ligature
        assertThat(BlindIndex.normalise("A123456789012")).isEqualTo("a123456789012");
        assertThat(BlindIndex.normalise("Zoë")).isEqualTo(BlindIndex.normalise("Zoe\u0308")); // composed alike
        assertThat(BlindIndex.normalise("Zoë")).isNotEqualTo("zoe"); // accents are kept
    }

    @Test
    void purposesAreRestrictedSoTheyCannotForgeTheInputFraming() {
        assertThat(BlindIndex.PURPOSE.matcher("upn").matches()).isTrue();
        assertThat(BlindIndex.PURPOSE.matcher("first-name").matches()).isTrue();
        assertThat(BlindIndex.PURPOSE.matcher("upn|x").matches()).isFalse();
        assertThat(BlindIndex.PURPOSE.matcher("").matches()).isFalse();
    }
}
