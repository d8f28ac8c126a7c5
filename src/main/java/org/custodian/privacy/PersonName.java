package org.custodian.privacy;

/** A person's name as they write it: trimmed, 1 to 200 characters, no control characters. */
@PersonalData
public record PersonName(String value) {

    public PersonName {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A name must not be blank");
        }
        value = value.strip();
        if (value.length() > 200 || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("A name must be at most 200 characters without control characters");
        }
    }

    @Override
    public String toString() {
        return "PersonName[redacted]";
    }
}
