package org.custodian.identity.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import org.passay.CharacterData;
import org.passay.CharacterRule;
import org.passay.DictionaryRule;
import org.passay.LengthRule;
import org.passay.PasswordData;
import org.passay.PasswordValidator;
import org.passay.Rule;
import org.passay.RuleResult;
import org.passay.RuleResultDetail;
import org.passay.dictionary.ArrayWordList;
import org.passay.dictionary.WordListDictionary;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The password rules of DOMAIN.md §8, on Passay: length, a lower-case letter, an upper-case letter
 * and a digit, not a common or breached password, not containing the username or the local part of
 * an email username. Messages say which rule failed and never repeat the password (Passay's own
 * {@code PasswordData.toString()} does, so nothing here logs Passay objects).
 */
@Component
@EnableConfigurationProperties(PasswordPolicyProperties.class)
class PasswordPolicy {

    static final String CONTAINS_USERNAME = "CONTAINS_USERNAME";

    private final PasswordPolicyProperties properties;
    private final PasswordValidator validator;
    private final int denyListSize;

    PasswordPolicy(PasswordPolicyProperties properties) {
        this.properties = properties;
        // Loaded once here, not per check: ~49,000 words, binary-searched case-insensitively.
        ArrayWordList denyList = loadDenyList(properties.denyList());
        this.denyListSize = denyList.size();
        List<Rule> rules = new ArrayList<>();
        rules.add(new LengthRule(properties.minLength(), properties.maxLength()));
        if (properties.requireLowerCase()) {
            rules.add(new CharacterRule(Letters.LOWER_CASE, 1));
        }
        if (properties.requireUpperCase()) {
            rules.add(new CharacterRule(Letters.UPPER_CASE, 1));
        }
        if (properties.requireDigit()) {
            rules.add(new CharacterRule(Letters.DIGIT, 1));
        }
        // Whole password, exact case-insensitive match: no guessing at "decorated" variants.
        rules.add(new DictionaryRule(new WordListDictionary(denyList)));
        rules.add(new UsernameRule());
        this.validator = new PasswordValidator(this::message, rules);
    }

    /** Every rule the password breaks, as messages for the person choosing it; empty if it is acceptable. */
    List<String> violations(String password, String username) {
        PasswordData data = new PasswordData(password == null ? "" : password);
        if (username != null && !username.isBlank()) {
            data.setUsername(username.strip());
        }
        RuleResult result = validator.validate(data);
        return result.isValid() ? List.of() : List.copyOf(validator.getMessages(result));
    }

    int denyListSize() {
        return denyListSize;
    }

    /** Our own wording per rule, ignoring Passay's parameters: they can hold the password (the matched word). */
    private String message(RuleResultDetail detail) {
        return switch (detail.getErrorCode()) {
            case LengthRule.ERROR_CODE_MIN -> "Use at least " + properties.minLength() + " characters.";
            case LengthRule.ERROR_CODE_MAX -> "Use at most " + properties.maxLength() + " characters.";
            case Letters.LOWER_CASE_CODE -> "Include a lower-case letter.";
            case Letters.UPPER_CASE_CODE -> "Include an upper-case letter.";
            case Letters.DIGIT_CODE -> "Include a digit.";
            case DictionaryRule.ERROR_CODE -> "This password is too common: it appears in lists of leaked passwords.";
            case CONTAINS_USERNAME -> "Do not include your username or email address.";
            default -> throw new IllegalStateException("No message for password rule " + detail.getErrorCode());
        };
    }

    private static ArrayWordList loadDenyList(String location) {
        Resource resource = new DefaultResourceLoader().getResource(location);
        List<String> words = new ArrayList<>();
        try (var reader = new BufferedReader(new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    words.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the password deny-list " + location, e);
        }
        try {
            // Case-insensitive: the file must be sorted as String.compareToIgnoreCase orders it.
            return new ArrayWordList(words.toArray(String[]::new), false);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The password deny-list " + location
                    + " must be sorted case-insensitively (String.compareToIgnoreCase), one password a line");
        }
    }

    /**
     * Letters and digits of any script, not just ASCII: a Welsh or French password with "ŵ" or "é"
     * has a lower-case letter. Every such character of the Basic Multilingual Plane, as Passay
     * compares the password one {@code char} at a time.
     */
    private enum Letters implements CharacterData {
        LOWER_CASE(Letters.LOWER_CASE_CODE, Character::isLowerCase),
        UPPER_CASE(Letters.UPPER_CASE_CODE, Character::isUpperCase),
        DIGIT(Letters.DIGIT_CODE, Character::isDigit);

        static final String LOWER_CASE_CODE = "INSUFFICIENT_LOWERCASE";
        static final String UPPER_CASE_CODE = "INSUFFICIENT_UPPERCASE";
        static final String DIGIT_CODE = "INSUFFICIENT_DIGIT";

        private final String errorCode;
        private final String characters;

        Letters(String errorCode, IntPredicate category) {
            this.errorCode = errorCode;
            this.characters = IntStream.rangeClosed(Character.MIN_VALUE, Character.MAX_VALUE).filter(category)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        }

        @Override
        public String getErrorCode() {
            return errorCode;
        }

        @Override
        public String getCharacters() {
            return characters;
        }
    }

    /**
     * Neither the username nor, for an email username, its local part (from 3 characters: shorter
     * ones like "jo" would reject too much), in any case. Passay's UsernameRule only knows the
     * whole username.
     */
    private static final class UsernameRule implements Rule {
        @Override
        public RuleResult validate(PasswordData data) {
            if (data.getUsername() == null) {
                return new RuleResult(true);
            }
            String password = data.getPassword().toLowerCase(Locale.ROOT);
            String username = data.getUsername().toLowerCase(Locale.ROOT);
            int at = username.indexOf('@');
            String localPart = at >= 0 ? username.substring(0, at) : username;
            boolean contains = password.contains(username)
                    || (localPart.length() >= 3 && password.contains(localPart));
            return contains
                    ? new RuleResult(false, new RuleResultDetail(CONTAINS_USERNAME, Map.of()))
                    : new RuleResult(true);
        }
    }
}
