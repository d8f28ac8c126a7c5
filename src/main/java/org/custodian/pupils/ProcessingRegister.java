package org.custodian.pupils;

import java.util.List;
import java.util.Optional;

import org.custodian.identity.Role;

/**
 * The record of processing (table {@code processing_purpose}): the purposes pupil data may be used
 * for ({@link #purposes()}, which every pupil-data check goes by) and, apart from them, those of staff
 * records ({@link #staffPurposes()}), which can never be named to use pupil data.
 */
public interface ProcessingRegister {

    /** The purposes pupil data may be used for, in register order. */
    List<Purpose> purposes();

    /** The purposes of staff records (Manage Users), in register order. */
    List<Purpose> staffPurposes();

    /**
     * The whole register as the record of processing (Art 30): every purpose, pupils' and staff's,
     * with whose data it concerns, its Art 9 condition (null where no special category data is
     * used), its retention category's name and its recipients, in register order.
     */
    List<Activity> activities();

    /** One processing activity of the record of processing. */
    record Activity(Purpose purpose, String dataSubjects, String art9Condition, String retentionCategory,
                    List<String> recipients) {
        public Activity {
            recipients = List.copyOf(recipients);
        }
    }

    /** A purpose pupil data may be used for. */
    Optional<Purpose> find(String code);

    /** The purpose under which reviewers see the names of the pupils the access log names, and nothing else. */
    String ACCESS_LOG_REVIEW = "ACCESS_LOG_REVIEW";

    /**
     * The purposes a role may name for pupil data, in register order ({@link #ACCESS_LOG_REVIEW} is
     * left out: the review pages use it themselves, and no pupil record is read under it).
     */
    default List<Purpose> allowedFor(Role role) {
        return purposes().stream().filter(purpose -> purpose.allows(role))
                .filter(purpose -> !ACCESS_LOG_REVIEW.equals(purpose.code())).toList();
    }

    /** The purpose a page assumes for a role's routine views, if the register names one. */
    default Optional<Purpose> defaultFor(Role role) {
        return purposes().stream().filter(purpose -> purpose.defaultFor().contains(role)).findFirst();
    }
}
