package org.custodian.terms;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A school's term dates. Reading them first fills in the usual English terms for the current and
 * next academic year when the school has none there, so every school always has terms.
 */
public interface SchoolTerms {

    /** Every term of the school, earliest first. */
    List<Term> terms(UUID schoolId);

    /** The term in progress or, during a holiday, the last one that started; empty before the first. */
    Optional<Term> latestStarted(UUID schoolId);
}
