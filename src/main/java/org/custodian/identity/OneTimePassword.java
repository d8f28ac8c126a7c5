package org.custodian.identity;

import org.custodian.privacy.PersonalData;

/** A generated first password, shown to its owner once; it must be changed at first sign-in. */
@PersonalData
public record OneTimePassword(String value) {

    @Override
    public String toString() {
        return "OneTimePassword[redacted]";
    }
}
