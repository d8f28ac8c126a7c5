package org.custodian.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared checks of the fuzz tests. Random input cannot carry a planted marker everywhere, so "no
 * input in a message or log" is checked on long runs of letters and digits: a run of 16 or more
 * from the input is not a word Custodian's own messages use, so finding it in the output means the
 * input was quoted. The exceptions are Custodian's own words of that length (the CTF elements and
 * JSON members a message names, and exception class names a log line gives).
 */
public final class FuzzOracles {

    /** Runs this long are taken as "the input's own text". Custodian's fixed messages have none. */
    public static final int QUOTED_RUN = 16;
    private static final Pattern RUN = Pattern.compile("[\\p{L}\\p{N}]{" + QUOTED_RUN + ",}");
    private static final java.util.Set<String> OWN_WORDS = java.util.Set.of("DocumentQualifier", "PreferredForename",
            "registrationGroup");

    private FuzzOracles() {
    }

    /** Fails when {@code output} contains a long run of letters and digits taken from {@code input}. */
    public static void quotesNothingOf(String input, String output, String what) {
        if (input == null || output == null) {
            return;
        }
        Matcher runs = RUN.matcher(input);
        while (runs.find()) {
            String run = runs.group();
            if (OWN_WORDS.stream().anyMatch(word -> word.contains(run)) || run.endsWith("Exception")) {
                continue;
            }
            assertThat(output).as("%s quotes the input (a run of %d characters)", what, run.length())
                    .doesNotContain(run);
        }
    }

    /** The same for bytes that may be text in any of the encodings Custodian reads. */
    public static void quotesNothingOf(byte[] input, String output, String what) {
        quotesNothingOf(new String(input, StandardCharsets.ISO_8859_1), output, what);
        quotesNothingOf(new String(input, StandardCharsets.UTF_8), output, what);
    }
}
