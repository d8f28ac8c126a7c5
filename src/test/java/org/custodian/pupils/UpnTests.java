package org.custodian.pupils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UpnTests {

    @Test
    void computesTheCheckLetterFromWeightedPositionsModulo23() {
        // Worked by hand: body 820200115001 -> 8*2 + 2*3 + 0*4 + 2*5 + 0*6 + 0*7 + 1*8 + 1*9 + 5*10
        // + 0*11 + 0*12 + 1*13 = 16+6+10+8+9+50+13 = 112; 112 mod 23 = 20 -> 'X' (A..Z without I, O, S: X is index 20).
        assertThat(Upn.checkLetter("820200115001")).isEqualTo('X');
        assertThat(Upn.isValid("X820200115001")).isTrue();
        assertThat(Upn.isValid("A820200115001")).isFalse();
    }

    @Test
    void aTemporaryUpnEndsInALetterCountedByItsIndexInTheAlphabet() {
        // Body 82020011500C: as above but serial "00C": 8*2+2*3+2*5+1*8+1*9+5*10 = 99, plus C (index 2)
        // at position 13 -> 99 + 26 = 125; 125 mod 23 = 10 -> 'L'.
        assertThat(Upn.checkLetter("82020011500C")).isEqualTo('L');
        assertThat(Upn.isValid("L82020011500C")).isTrue();
        assertThat(Upn.isTemporary("L82020011500C")).isTrue();
        assertThat(Upn.isTemporary("X820200115001")).isFalse();
    }

    @Test
    void refusesWrongShapesAndForbiddenLetters() {
        assertThat(Upn.isValid(null)).isFalse();
        assertThat(Upn.isValid("")).isFalse();
        assertThat(Upn.isValid("W82020011500")).isFalse();
        assertThat(Upn.isValid("w820200115001")).isFalse();
        assertThat(Upn.isValid("I820200115001")).isFalse();
        assertThat(Upn.isValid("X82020011500O")).isFalse();
        assertThatThrownBy(() -> Upn.checkLetter("8202001150S1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyGeneratedBodyValidatesWithItsOwnCheckLetter() {
        for (int serial = 0; serial < 1000; serial++) {
            String body = "999" + "4321" + "26" + String.format("%03d", serial);
            String upn = Upn.checkLetter(body) + body;
            assertThat(Upn.isValid(upn)).as(upn).isTrue();
            char wrong = Upn.ALPHABET.charAt((Upn.ALPHABET.indexOf(upn.charAt(0)) + 1) % 23);
            assertThat(Upn.isValid(wrong + body)).isFalse();
        }
    }
}
