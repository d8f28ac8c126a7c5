package org.custodian.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The fuzz tests' "quotes nothing" oracle catches a quoted run and lets fixed messages pass. */
class FuzzOraclesTests {

    @Test
    void aLongRunOfTheInputInTheOutputFails() {
        String input = "UPN,Forename\r\nA1,Zebedeeparkinsonsmith\r\n";
        assertThatThrownBy(() -> FuzzOracles.quotesNothingOf(input, "line 2: Zebedeeparkinsonsmith is odd", "msg"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> FuzzOracles.quotesNothingOf(input.getBytes(StandardCharsets.UTF_8),
                "bad Zebedeeparkinsonsmith", "msg")).isInstanceOf(AssertionError.class);
    }

    @Test
    void shortWordsAndFixedMessagesPass() {
        assertThatCode(() -> FuzzOracles.quotesNothingOf("UPN,Forename\r\nA1,Amy\r\n",
                "line 2, column 2: The row is not valid CSV (RFC 4180): check its quotes. Forename", "msg"))
                .doesNotThrowAnyException();
    }
}
