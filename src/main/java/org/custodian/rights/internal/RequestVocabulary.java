package org.custodian.rights.internal;

/** The fixed words of the requests register, as the API and the database spell them. */
final class RequestVocabulary {

    private RequestVocabulary() {
    }

    enum RequestType {
        ACCESS, RECTIFICATION, ERASURE, RESTRICTION, OBJECTION, PORTABILITY, WITHDRAWAL_OF_CONSENT
    }

    enum SubjectKind {
        PUPIL, STAFF
    }

    /** Who made the request: the subject, a parent or carer, or another party with stated authority. */
    enum RequesterKind {
        SUBJECT, PARENT_OR_CARER, OTHER
    }

    enum Channel {
        EMAIL, LETTER, IN_PERSON, PHONE, OTHER
    }

    /** Whether a pupil is competent to exercise their own rights; staff are adults: not applicable. */
    enum Competence {
        COMPETENT, NOT_COMPETENT, NOT_APPLICABLE
    }

    /** How the competence was decided: the school's judgement, or the age rule when it gave none. */
    enum CompetenceBasis {
        JUDGEMENT, AGE_RULE, NOT_APPLICABLE
    }
}
