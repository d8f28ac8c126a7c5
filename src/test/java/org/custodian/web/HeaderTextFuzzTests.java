package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.custodian.support.FuzzOracles;

/**
 * Free-text headers (the reason) as the container hands them over: one character per byte, or
 * anything at all when something upstream decoded them. Every value is decoded to well-formed text
 * or refused with {@code header-not-utf8} (never another exception, never quoting the value); the
 * firewall lets through everything that decodes; and text a client encodes as the API documents
 * (UTF-8, raw or percent-encoded) comes back exactly.
 */
class HeaderTextFuzzTests {

    private static final Pattern ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

    @FuzzTest(maxDuration = "20s")
    void decodesOrRefusesAnyHeaderValue(FuzzedDataProvider data) {
        String header = switch (data.consumeInt(0, 3)) {
            // What Tomcat hands over: the raw bytes, one char each.
            case 0 -> new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1);
            // What a client means: text, sent raw as UTF-8 or percent-encoded.
            case 1 -> sentAsDocumented(data.consumeBoolean(), data.consumeRemainingAsString());
            // Long values (Tomcat takes headers up to 8 KB): a fuzzed piece repeated.
            case 2 -> {
                int times = data.consumeInt(1, 4000);
                String piece = new String(data.consumeBytes(8), StandardCharsets.ISO_8859_1);
                yield piece.repeat(Math.max(1, Math.min(times, 8192 / Math.max(1, piece.length())))) + data.consumeRemainingAsString();
            }
            // Anything, as another container or a test client may hand it over.
            default -> data.consumeRemainingAsString();
        };
        String decoded;
        try {
            decoded = HeaderText.decode(header, "Custodian-Reason");
        } catch (ProblemException refused) {
            assertThat(refused.code()).isEqualTo("header-not-utf8");
            assertThat(refused.status().value()).isEqualTo(400);
            FuzzOracles.quotesNothingOf(header, refused.getMessage(), "the refusal");
            return;
        }
        assertThat(HeaderText.firewallAllows(header)).as("the firewall lets through what the API accepts").isTrue();
        assertThat(decoded.codePoints().noneMatch(Character::isISOControl)).isTrue();
        assertThat(new String(decoded.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .as("well-formed text (no lone surrogate)").isEqualTo(decoded);
    }

    @FuzzTest(maxDuration = "20s")
    void textSentAsDocumentedComesBackExactly(FuzzedDataProvider data) {
        boolean percentEncoded = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        boolean wellFormed = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text);
        boolean plain = text.codePoints().noneMatch(c -> Character.isISOControl(c) || !Character.isDefined(c));
        if (!wellFormed || !plain || (!percentEncoded && ESCAPE.matcher(text).find())) {
            return; // not text a client can send as documented (a literal "%41" must be sent as "%2541")
        }
        String header = sentAsDocumented(percentEncoded, text);
        assertThat(HeaderText.firewallAllows(header)).isTrue();
        assertThat(HeaderText.decode(header, "Custodian-Reason")).isEqualTo(text);
    }

    /** Found by reading this target's inputs: a long value with an escape overflowed the stack of the old pattern match. */
    @org.junit.jupiter.api.Test
    void aLongPercentEncodedReasonDecodes() {
        String reason = "a".repeat(7000) + "%C3%AB";
        assertThat(HeaderText.decode(reason, "Custodian-Reason")).isEqualTo("a".repeat(7000) + "\u00eb");
        assertThat(HeaderText.decode("%41" + "b".repeat(7000), "Custodian-Reason")).isEqualTo("A" + "b".repeat(7000));
    }

    @org.junit.jupiter.api.Test
    void aLoneSurrogateHandedOverDecodedIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HeaderText.decode("Zo\u00eb \ud800 \u2019", "Custodian-Reason"))
                .isInstanceOf(ProblemException.class);
        assertThat(HeaderText.decode("Zo\u00eb \ud83d\ude00 \u2019", "Custodian-Reason")).isEqualTo("Zo\u00eb \ud83d\ude00 \u2019");
    }

    private static String sentAsDocumented(boolean percentEncoded, String text) {
        if (percentEncoded) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        }
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
