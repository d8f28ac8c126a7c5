package org.custodian.rights.internal;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a rights request stands. Each status names the ones a request may move to next; a request
 * that is completed or refused is closed.
 */
enum RequestStatus {
    RECEIVED,
    /** Waiting for proof of identity or for clarification: the clock is stopped. */
    AWAITING_IDENTITY_OR_CLARIFICATION,
    IN_PROGRESS,
    /** Extended by one or two further months, within the first month, with a reason. */
    EXTENDED,
    COMPLETED,
    /** Refused, with the reason and the exemption relied on. */
    REFUSED;

    Set<RequestStatus> next() {
        return switch (this) {
            case RECEIVED -> EnumSet.of(AWAITING_IDENTITY_OR_CLARIFICATION, IN_PROGRESS, EXTENDED, REFUSED);
            case AWAITING_IDENTITY_OR_CLARIFICATION -> EnumSet.of(IN_PROGRESS, REFUSED);
            case IN_PROGRESS, EXTENDED -> EnumSet.of(AWAITING_IDENTITY_OR_CLARIFICATION, EXTENDED, COMPLETED, REFUSED);
            case COMPLETED, REFUSED -> EnumSet.noneOf(RequestStatus.class);
        };
    }

    boolean closed() {
        return this == COMPLETED || this == REFUSED;
    }
}
