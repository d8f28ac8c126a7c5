package org.custodian.identity.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The password rules of DOMAIN.md §8. Settings may only make the seed rule stricter in length:
 * fewer than 8 characters or a maximum below 64 (which would block pass-phrases and password
 * managers) stop the application at start.
 *
 * @param minLength        fewest characters a password may have
 * @param maxLength        most characters a password may have
 * @param requireLowerCase whether a lower-case letter is required
 * @param requireUpperCase whether an upper-case letter is required
 * @param requireDigit     whether a digit is required
 * @param denyList         resource (classpath: or file:) listing common and breached passwords, one
 *                         a line, sorted case-insensitively
 */
@ConfigurationProperties("custodian.password")
record PasswordPolicyProperties(@DefaultValue("8") int minLength,
                                @DefaultValue("128") int maxLength,
                                @DefaultValue("true") boolean requireLowerCase,
                                @DefaultValue("true") boolean requireUpperCase,
                                @DefaultValue("true") boolean requireDigit,
                                @DefaultValue(DEFAULT_DENY_LIST) String denyList) {

    static final String DEFAULT_DENY_LIST = "classpath:identity/common-passwords.txt";

    PasswordPolicyProperties {
        if (minLength < 8) {
            throw new IllegalArgumentException("custodian.password.min-length must be at least 8");
        }
        if (maxLength < 64) {
            throw new IllegalArgumentException("custodian.password.max-length must be at least 64");
        }
        if (maxLength < minLength) {
            throw new IllegalArgumentException(
                    "custodian.password.max-length must not be below custodian.password.min-length");
        }
        if (denyList == null || denyList.isBlank()) {
            throw new IllegalArgumentException("custodian.password.deny-list must name a resource");
        }
    }

    /** The settings with every default, as Spring binds them when nothing is configured. */
    static PasswordPolicyProperties defaults() {
        return new PasswordPolicyProperties(8, 128, true, true, true, DEFAULT_DENY_LIST);
    }
}
