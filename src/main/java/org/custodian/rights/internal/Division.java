package org.custodian.rights.internal;

import java.util.Optional;

import org.custodian.schools.Nation;

/** The three bank-holiday calendars, named as in the UK government's bank-holidays JSON. */
enum Division {
    ENGLAND_AND_WALES("england-and-wales", "England and Wales"),
    SCOTLAND("scotland", "Scotland"),
    NORTHERN_IRELAND("northern-ireland", "Northern Ireland");

    private final String key;
    private final String label;

    Division(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The name in the bank-holidays file. */
    String key() {
        return key;
    }

    String label() {
        return label;
    }

    static Division of(Nation nation) {
        return switch (nation) {
            case ENGLAND, WALES -> ENGLAND_AND_WALES;
            case SCOTLAND -> SCOTLAND;
            case NORTHERN_IRELAND -> NORTHERN_IRELAND;
        };
    }

    static Optional<Division> ofKey(String key) {
        for (Division division : values()) {
            if (division.key.equals(key)) {
                return Optional.of(division);
            }
        }
        return Optional.empty();
    }
}
