package org.custodian.schools;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What registering a school needs. The messages name the rule, never the rejected value.
 *
 * @param firstAdminEmail optional: creates the school's first admin account with a one-time password
 */
public record SchoolRegistration(
        @NotNull(message = "Enter the URN.")
        @Pattern(regexp = "[1-9][0-9]{5}", message = "The URN must be 6 digits.")
        String urn,
        @NotNull(message = "Enter the LA code.")
        @Pattern(regexp = "[0-9]{3}", message = "The LA code must be 3 digits.")
        String laCode,
        @NotNull(message = "Enter the establishment number.")
        @Pattern(regexp = "[0-9]{4}", message = "The establishment number must be 4 digits.")
        String establishmentNumber,
        @NotBlank(message = "Enter the school's name.")
        @Size(max = 200, message = "The school's name must be at most 200 characters.")
        String name,
        @NotNull(message = "Choose the nation.")
        Nation nation,
        @NotBlank(message = "Enter the main contact's name.")
        @Size(max = 200, message = "The contact's name must be at most 200 characters.")
        String contactName,
        @NotBlank(message = "Enter the main contact's email address.")
        @jakarta.validation.constraints.Email(message = "Enter a valid email address for the main contact.")
        @Size(max = 254, message = "The email address must be at most 254 characters.")
        String contactEmail,
        @Size(max = 200, message = "The admin's name must be at most 200 characters.")
        String firstAdminName,
        @jakarta.validation.constraints.Email(message = "Enter a valid email address for the first admin.")
        @Size(max = 254, message = "The email address must be at most 254 characters.")
        String firstAdminEmail) {

    @Override
    public String toString() {
        return "SchoolRegistration[urn=" + urn + ", redacted]";
    }
}
