package org.custodian.identity;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Where reads and changes of staff records (names, email addresses, roles and account state, as
 * Manage Users shows them) are recorded: the school's access log, like reads of pupil records.
 * Implemented by the access-log module, which depends on this one (so this module cannot call it by
 * name). Called inside the transaction of the read or change, which must be scoped to the school:
 * the record commits if and only if the access does, and before any of the data leaves.
 */
public interface StaffAccessLog {

    /**
     * The purpose, in the processing register, under which a school admin reads and changes their
     * school's staff records. It concerns staff only: it can never be named to use pupil data.
     */
    String PURPOSE = "STAFF_ADMINISTRATION";

    void record(StaffAccess access);

    enum Kind { READ, CREATE, UPDATE }

    /**
     * One read or change: {@code staffIds} the accounts shown or changed, {@code fields} the
     * categories (codes, e.g. {@code staff.name}); {@code requestId} and {@code sourceIp} may be null.
     */
    record StaffAccess(UUID schoolId, CustodianUser actor, Kind kind, List<UUID> staffIds, List<String> fields,
                       String requestId, String sourceIp) {

        public StaffAccess {
            Objects.requireNonNull(schoolId, "school id is required");
            Objects.requireNonNull(actor, "actor is required");
            Objects.requireNonNull(kind, "kind is required");
            staffIds = List.copyOf(staffIds);
            fields = List.copyOf(fields);
        }

        @Override
        public String toString() {
            return "StaffAccess[kind=" + kind + ", staff=" + staffIds.size() + ", fields=" + fields + "]";
        }
    }
}
