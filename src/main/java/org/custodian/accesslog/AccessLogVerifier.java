package org.custodian.accesslog;

import java.util.UUID;

/** Walks a school's access-log chain in sequence order and reports the first broken link. */
public interface AccessLogVerifier {

    Verification verify(UUID schoolId);

    /**
     * The outcome: intact with the number of entries checked, or the first sequence number at
     * which the chain breaks and why ({@code entry-hash} the entry's content or hash was changed,
     * {@code previous-hash} it does not follow the entry before it, {@code missing} the expected
     * sequence number is absent).
     */
    record Verification(UUID schoolId, boolean intact, long entriesChecked, Long firstBrokenSequence,
                        String problem) {

        public static Verification ok(UUID schoolId, long entries) {
            return new Verification(schoolId, true, entries, null, null);
        }

        public static Verification broken(UUID schoolId, long entriesChecked, long sequence, String problem) {
            return new Verification(schoolId, false, entriesChecked, sequence, problem);
        }
    }
}
