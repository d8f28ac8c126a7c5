package org.custodian.schools.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.custodian.schools.Nation;
import org.custodian.schools.SchoolState;
import org.springframework.stereotype.Component;

/**
 * How the school and platform pages show dates, nations and states. Templates call it as
 * {@code ${@schoolPages...}}, so the wording lives in one place instead of in every template.
 */
@Component("schoolPages")
class SchoolPageFormat {

    // Schools and operators are in the UK: show their wall-clock time (receipts keep UTC).
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("d MMMM yyyy 'at' h:mma", Locale.UK).withZone(UK);

    public String date(LocalDate date) {
        return date == null ? "" : DATE.format(date);
    }

    public String dayOf(Instant instant) {
        return instant == null ? "" : DATE.format(instant.atZone(UK));
    }

    public String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant) + " (UK time)";
    }

    public String nation(Nation nation) {
        return switch (nation) {
            case ENGLAND -> "England";
            case WALES -> "Wales";
            case SCOTLAND -> "Scotland";
            case NORTHERN_IRELAND -> "Northern Ireland";
        };
    }

    public String state(SchoolState state) {
        return switch (state) {
            case TRIAL -> "Trial";
            case ACTIVE -> "Active";
            case TERMINATED -> "Terminated";
            case PURGED -> "Purged";
        };
    }

    /** GOV.UK tag colours; the text says the state too, so colour is never the only cue. */
    public String stateTag(SchoolState state) {
        return switch (state) {
            case TRIAL -> "govuk-tag govuk-tag--blue";
            case ACTIVE -> "govuk-tag govuk-tag--green";
            case TERMINATED -> "govuk-tag govuk-tag--orange";
            case PURGED -> "govuk-tag govuk-tag--grey";
        };
    }
}
