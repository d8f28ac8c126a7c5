package org.custodian.accesslog;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.privacy.PersonalData;

/**
 * Finds pupils by UPN or name for a reviewer of the access log, so that "who looked at this pupil"
 * can start from what the reviewer knows. Implemented by the module that owns pupil records: the
 * lookup is itself an access to pupil data, so it names a purpose the reviewer's role may use (and
 * a reason where the register needs one) and is logged like any other search.
 */
public interface PupilFinder {

    /** The most pupils one lookup returns. */
    int MAX_MATCHES = 20;

    /**
     * The pupils whose UPN, forename, surname or full name is {@code lookup.upnOrName()} (exact
     * after normalisation), at most {@link #MAX_MATCHES}. Refuses like the pupil data path does
     * ({@code purpose-required}, {@code purpose-not-allowed}, {@code reason-required}).
     */
    List<Match> find(Lookup lookup);

    /** Who is looking, for which purpose and why, and what they typed. */
    record Lookup(CustodianUser reviewer, String purpose, String reason, String upnOrName, String requestId,
                  String sourceIp) {

        @Override
        public String toString() {
            return "Lookup[purpose=" + purpose + "]";
        }
    }

    /** A pupil found, with what a reviewer needs to tell namesakes apart. */
    @PersonalData
    record Match(UUID id, String upn, String name, LocalDate dateOfBirth) {

        @Override
        public String toString() {
            return "Match[redacted]";
        }
    }
}
