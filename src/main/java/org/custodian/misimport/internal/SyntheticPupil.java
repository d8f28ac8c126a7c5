package org.custodian.misimport.internal;

import java.time.LocalDate;

/**
 * One made-up pupil, generated from the seed and its index alone, so the CTF and CSV files of one
 * seed describe the same pupils. Optional parts are {@code null} when absent.
 */
public record SyntheticPupil(
        String upn,
        String formerUpn,
        String surname,
        String forename,
        String preferredForename,
        LocalDate dateOfBirth,
        char sex,
        String admissionNumber,
        int ncYear,
        String registrationGroup,
        String className,
        String teacher,
        String supervisor,
        String ethnicity,
        String firstLanguage,
        String enrolStatus,
        Fsm fsm,
        char senProvision,
        String senNeed,
        LocalDate senStart,
        boolean pupilPremium,
        boolean suppInfo) {

    /** A free-school-meals history: one instance, open (currently eligible) when {@code end} is null. */
    public record Fsm(LocalDate reviewDate, LocalDate start, LocalDate end) {

        public boolean current() {
            return end == null;
        }
    }

    @Override
    public String toString() {
        return "SyntheticPupil[ncYear=" + ncYear + "]";
    }
}
