package org.custodian.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Records and lists sign-in and account events. */
public interface SecurityEvents {

    /** Platform staff's events are filed under this id instead of a school's. */
    UUID PLATFORM = new UUID(0, 0);

    /**
     * Records an event about {@code subject}; the source address and browser are taken from the
     * current request when there is one.
     */
    void record(SecurityEventType type, CustodianUser subject, CustodianUser actor, String detail);

    /** Events of one school (or {@link #PLATFORM}), newest first, optionally for one user and a time range. */
    List<SecurityEvent> list(UUID schoolId, UUID userId, Instant from, Instant to, int limit);
}
