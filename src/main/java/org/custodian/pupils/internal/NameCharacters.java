package org.custodian.pupils.internal;

import java.text.Normalizer;

/**
 * The characters a pupil's forename or surname may hold: the name rule DfE publishes for its data
 * collections (the ISB standard for names: Latin-based characters only), as 1 to 100 characters.
 * Allowed are the Unicode Latin blocks: Basic Latin (printable), Latin-1 Supplement (printable),
 * Latin Extended-A, -B, -C, -D and Latin Extended Additional. Not allowed are digits, double
 * quotes, pipes and control characters (line breaks, tabs). Names are compared in NFC, so an accent
 * typed as a separate combining mark counts as the accented letter it makes.
 */
final class NameCharacters {

    static final int MAX_LENGTH = 100;

    private NameCharacters() {
    }

    /** The name in NFC if it keeps to the rule, else null. */
    static String canonical(String name) {
        String composed = Normalizer.normalize(name, Normalizer.Form.NFC);
        int length = composed.codePointCount(0, composed.length());
        if (length < 1 || length > MAX_LENGTH || !composed.codePoints().allMatch(NameCharacters::allowed)) {
            return null;
        }
        return composed;
    }

    static boolean allowed(int c) {
        if ((c >= '0' && c <= '9') || c == '"' || c == '|') {
            return false;
        }
        return (c >= 0x0020 && c <= 0x007E)       // Basic Latin, printable
                || (c >= 0x00A0 && c <= 0x00FF)   // Latin-1 Supplement, printable
                || (c >= 0x0100 && c <= 0x024F)   // Latin Extended-A and -B
                || (c >= 0x1E00 && c <= 0x1EFF)   // Latin Extended Additional
                || (c >= 0x2C60 && c <= 0x2C7F)   // Latin Extended-C
                || (c >= 0xA720 && c <= 0xA7FF);  // Latin Extended-D
    }
}
