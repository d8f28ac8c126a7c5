package org.custodian.crypto;

import java.text.Normalizer;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Searchable tokens for encrypted values: HMAC-SHA256 (Tink PRF) keyed per school over
 * {@code purpose | normalise(value)}. Equal values give equal tokens within one school and one
 * purpose only; another school, or another purpose ("upn" vs "surname"), gives unrelated tokens.
 */
public interface BlindIndex {

    /** Lower-case letters, digits and hyphens: the purpose is framed into the PRF input. */
    Pattern PURPOSE = Pattern.compile("[a-z0-9-]{1,40}");

    /** 32 bytes; the value is normalised here (see {@link #normalise}), so callers need not. */
    byte[] blindIndex(UUID schoolId, String purpose, String value);

    /**
     * The value's index under every key the school's searches use, the primary's first: one, or two
     * while a blind-index rotation rebuilds the school's indexes. A search matches any of them.
     */
    java.util.List<byte[]> blindIndexes(UUID schoolId, String purpose, String value);

    /**
     * The key {@link #blindIndex} uses now. Stored beside a row's indexes, it tells the re-index job
     * which rows still need it; read it before computing the indexes it describes.
     */
    long blindIndexKeyId(UUID schoolId);

    /**
     * For fingerprints that outlive their value (an erased pupil's UPN): per value, its index under
     * every key the school kept, retired ones included, since such a fingerprint cannot be recomputed.
     */
    java.util.List<java.util.List<byte[]>> fingerprintIndexes(UUID schoolId, String purpose, java.util.List<String> values);

    /**
     * Unicode NFKC (full-width and compatibility forms fold to their plain forms), then lower case
     * (locale-independent), then every run of Unicode white space becomes one space, trimmed at both
     * ends. "  Ｏ'Brien   SMITH " and "o'brien smith" normalise alike.
     */
    static String normalise(String value) {
        String folded = Normalizer.normalize(value, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return WHITE_SPACE.matcher(folded).replaceAll(" ").strip();
    }

    Pattern WHITE_SPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
}
