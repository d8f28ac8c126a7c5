package org.custodian.terms.internal;

import org.custodian.privacy.NoPersonalData;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.terms.Term;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;

/**
 * What the school admin may change on the term dates page, checked as a whole: every term ends
 * after it starts, no two terms overlap (past terms included), a term that has started keeps its
 * start date and stays, a term that has ended is not edited. Errors name the field of the row.
 */
final class TermRules {

    static final int MAX_NAME = 40;
    static final int MAX_ROWS = 60;

    private static final DateTimeFormatter UK_DATE = DateTimeFormatter.ofPattern("d/M/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    private TermRules() {
    }

    /** One row of the submitted form; {@code id} is null for a new term. Dates as typed. */
    @NoPersonalData("a term's name and dates")
    record TermEdit(int row, UUID id, String name, String startsOn, String endsOn, boolean remove) {

        boolean isBlankNewRow() {
            return id == null && isBlank(name) && isBlank(startsOn) && isBlank(endsOn);
        }
    }

    /** The checked result: either errors, or the terms to write and those to remove. */
    record Outcome(FormErrors errors, List<Term> writes, List<UUID> removals) {
    }

    static Outcome check(List<Term> existing, List<TermEdit> edits, LocalDate today) {
        if (edits.size() > MAX_ROWS) {
            throw ProblemException.badRequest("too-many-terms", "Send at most " + MAX_ROWS + " terms at a time.");
        }
        Map<UUID, Term> byId = new HashMap<>();
        existing.forEach(term -> byId.put(term.id(), term));
        FormErrors errors = new FormErrors();
        Map<UUID, Term> result = new HashMap<>(byId);
        Map<UUID, Integer> rowOf = new HashMap<>();
        List<Term> writes = new ArrayList<>();
        List<UUID> removals = new ArrayList<>();

        for (TermEdit edit : edits) {
            if (edit.isBlankNewRow()) {
                continue;
            }
            Term current = edit.id() == null ? null : byId.get(edit.id());
            if (edit.id() != null && current == null) {
                // Another school's term, or one that no longer exists: the same answer.
                throw ProblemException.notFound("term-not-found", "There is no term with that id.");
            }
            if (current != null && current.hasEnded(today)) {
                throw ProblemException.conflict("term-ended", "A term that has ended cannot be changed.");
            }
            boolean started = current != null && current.hasStarted(today);
            if (edit.remove() && current != null) {
                if (started) {
                    errors.add("remove-" + edit.row(), "A term that has started cannot be removed.");
                } else {
                    result.remove(current.id());
                    removals.add(current.id());
                }
                continue;
            }
            String name = edit.name() == null ? "" : edit.name().strip();
            if (name.isEmpty()) {
                errors.add("name-" + edit.row(), "Enter a name for the term.");
            } else if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
                errors.add("name-" + edit.row(), "Use at most " + MAX_NAME + " characters for the name.");
            }
            // A started term keeps its start date: its review belongs to that start.
            LocalDate startsOn = started ? current.startsOn() : parse(edit.startsOn());
            LocalDate endsOn = parse(edit.endsOn());
            if (startsOn == null) {
                errors.add("starts-" + edit.row(), "Enter the first day of the term as a date, for example 2026-09-01.");
            }
            if (endsOn == null) {
                errors.add("ends-" + edit.row(), "Enter the last day of the term as a date, for example 2026-12-18.");
            }
            if (startsOn != null && endsOn != null && !endsOn.isAfter(startsOn)) {
                errors.add("ends-" + edit.row(), "The last day of the term must be after its first day.");
            }
            if (errors.isEmpty()) {
                Term term = new Term(current == null ? UUID.randomUUID() : current.id(), name, startsOn, endsOn);
                result.put(term.id(), term);
                rowOf.put(term.id(), edit.row());
                writes.add(term);
            }
        }
        if (errors.isEmpty()) {
            checkOverlaps(result.values(), rowOf, errors);
        }
        return new Outcome(errors, errors.isEmpty() ? writes : List.of(), errors.isEmpty() ? removals : List.of());
    }

    /** Sorted by start, each term must start after the one before it ends. */
    private static void checkOverlaps(java.util.Collection<Term> terms, Map<UUID, Integer> rowOf, FormErrors errors) {
        List<Term> sorted = new ArrayList<>(terms);
        sorted.sort(Comparator.comparing(Term::startsOn).thenComparing(Term::endsOn));
        for (int i = 1; i < sorted.size(); i++) {
            Term earlier = sorted.get(i - 1);
            Term later = sorted.get(i);
            if (!later.startsOn().isAfter(earlier.endsOn())) {
                Integer row = rowOf.containsKey(later.id()) ? rowOf.get(later.id()) : rowOf.get(earlier.id());
                if (row == null) {
                    continue; // neither is on the form (the database refuses such a pair anyway)
                }
                errors.add("starts-" + row, later.name() + " overlaps " + earlier.name()
                        + ": a term must start after the previous term ends.");
            }
        }
    }

    /** ISO dates (what a date field sends) or day/month/year as typed where date fields are not supported. */
    static LocalDate parse(String value) {
        if (isBlank(value)) {
            return null;
        }
        String text = value.strip();
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException notIso) {
            try {
                return LocalDate.parse(text, UK_DATE);
            } catch (DateTimeParseException notUk) {
                return null;
            }
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
