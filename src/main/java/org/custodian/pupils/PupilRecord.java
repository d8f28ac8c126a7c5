package org.custodian.pupils;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.privacy.PersonalData;

/**
 * A pupil's decrypted record. Only the optional categories the caller asked for (with a reason)
 * are present in {@code categories}; {@code version} is the ETag. {@code leavingDate} is the day the
 * pupil left or leaves (null while on roll), {@code leavingReason} why it was set: {@code IN_FILE}
 * (the MIS file gave it) or {@code ABSENT_FROM_FULL_FILE}.
 */
@PersonalData
public record PupilRecord(UUID id, String upn, String forename, String surname, LocalDate dateOfBirth,
                          String admissionNumber, Sex sex, String ncYear, String registrationGroup,
                          List<SchoolClass> classes, Map<OptionalCategory, String> categories, long version,
                          Instant createdAt, Instant updatedAt, LocalDate leavingDate, String leavingReason) {

    /** A class or registration group, with its teachers' and supervisors' user ids and names. */
    public record SchoolClass(String code, String kind, List<Staff> teachers, List<Staff> supervisors) {
    }

    @PersonalData
    public record Staff(UUID id, String name) {
        @Override
        public String toString() {
            return "Staff[redacted]";
        }
    }

    @Override
    public String toString() {
        return "PupilRecord[redacted]";
    }
}
