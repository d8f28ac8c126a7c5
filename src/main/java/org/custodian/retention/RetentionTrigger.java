package org.custodian.retention;

/** The date a retention period counts from. */
public enum RetentionTrigger {
    /** The day the record was made (a sign-in, an access, an import). */
    EVENT_DATE,
    /** The day the pupil left the school. */
    LEAVING_DATE,
    /** The day the school's contract ended (the school became terminated). */
    TERMINATION,
    /** The last time the person or organisation dealt with the school or the platform. */
    LAST_INTERACTION,
    /** The pupil's date of birth. */
    DATE_OF_BIRTH,
    /** The end of the UK tax year (5 April) the record belongs to. */
    END_OF_TAX_YEAR
}
