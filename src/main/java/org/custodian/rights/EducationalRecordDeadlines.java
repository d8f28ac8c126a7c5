package org.custodian.rights;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * Parents' requests to see a pupil's educational record at a maintained school in England: the
 * school answers within 15 school days. A school day is a weekday inside one of the school's terms
 * that is not a bank holiday; counting starts the day after receipt. Half-terms and other breaks are
 * the gaps between terms.
 */
public interface EducationalRecordDeadlines {

    int SCHOOL_DAYS = 15;

    /** The deadline, or empty when the school's term dates end before 15 school days have passed. */
    Optional<Deadline> deadline(UUID schoolId, LocalDate receivedOn);
}
