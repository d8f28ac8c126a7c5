package org.custodian.accesslog;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.privacy.PersonalData;

/**
 * Names the pupils the access-log review pages show by id, so a reviewer sees who each entry is
 * about. Implemented by the module that owns pupil records: showing a name is itself a read of pupil
 * data, so each call reads only names and UPNs, only of the reviewer's own school, under the purpose
 * {@link #PURPOSE} (which the reviewer's role must be allowed), and appends one access-log entry
 * naming the pupils labelled.
 */
public interface PupilLabels {

    /** The register's purpose for naming pupils on the review pages (and for nothing else). */
    String PURPOSE = "ACCESS_LOG_REVIEW";

    /** The most pupils an entry on the page is labelled with; the rest are counted. */
    int MOST_PER_ENTRY = 5;

    /**
     * A label for each of {@code request.pupilIds()}: name and UPN for a pupil on record, or
     * {@link Label#erased()} for an id with no record (erased, or never a pupil of this school).
     * Refuses like the pupil data path ({@code purpose-not-allowed}, the sharing-agreement gate).
     */
    Map<UUID, Label> labels(Request request);

    /** Who is looking, at which pupils, from which request. */
    record Request(CustodianUser reviewer, Set<UUID> pupilIds, String requestId, String sourceIp) {

        public Request {
            pupilIds = Set.copyOf(pupilIds);
        }

        @Override
        public String toString() {
            return "Request[pupils=" + pupilIds.size() + "]";
        }
    }

    /** What the page shows beside a pupil's id. */
    @PersonalData
    record Label(String name, String upn) {

        private static final Label ERASED = new Label(null, null);

        /** The label of an id with no record left. */
        public static Label erased() {
            return ERASED;
        }

        public boolean isErased() {
            return name == null;
        }

        /** "Forename Surname (UPN A123…)", or "erased pupil". */
        public String text() {
            return isErased() ? "erased pupil" : name + " (UPN " + upn + ")";
        }

        @Override
        public String toString() {
            return isErased() ? "Label[erased]" : "Label[redacted]";
        }
    }
}
