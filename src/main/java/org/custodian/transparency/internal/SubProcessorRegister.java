package org.custodian.transparency.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.transparency.internal.SubProcessorStore.Change;
import org.custodian.transparency.internal.SubProcessorStore.Kind;
import org.custodian.web.ProblemException;
import org.springframework.stereotype.Service;

/**
 * The sub-processor register: what stands on a day (the newest change in effect of each
 * sub-processor, unless it removed it) and the changes announced but not yet in effect. A change
 * takes effect no sooner than {@link #NOTICE_DAYS} days after it is recorded, so that every school
 * can be told 30 days before.
 */
@Service
class SubProcessorRegister {

    static final int NOTICE_DAYS = 30;
    static final ZoneId UK = ZoneId.of("Europe/London");

    private final SubProcessorStore store;
    private final Clock clock;

    SubProcessorRegister(SubProcessorStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What a platform admin asks to record; {@code kind} REMOVED needs only the key and the date. */
    @org.custodian.privacy.NoPersonalData("a company that processes data for the platform, and its safeguards")
    record Request(String key, String kind, String name, String purpose, String dataCategories, String country,
                   String transferSafeguard, LocalDate effectiveOn) {
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(UK));
    }

    Change record(Request request, CustodianUser actor) {
        if (request == null || blank(request.key()) || !request.key().matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw ProblemException.badRequest("invalid-sub-processor",
                    "Name the sub-processor with a key of lower-case letters, digits and hyphens, e.g. \"mail-relay\".");
        }
        Kind kind;
        try {
            kind = Kind.valueOf(request.kind() == null ? "" : request.kind().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-sub-processor", "Say what the change is: ADDED, CHANGED or REMOVED.");
        }
        LocalDate today = today();
        if (request.effectiveOn() == null || request.effectiveOn().isBefore(today.plusDays(NOTICE_DAYS))) {
            throw ProblemException.badRequest("sub-processor-notice-too-short",
                    "A change to the sub-processors takes effect at least " + NOTICE_DAYS
                            + " days from today, so that every school is told in time.");
        }
        Optional<Change> latest = store.latest(request.key());
        boolean standing = latest.isPresent() && latest.get().kind() != Kind.REMOVED;
        if (kind == Kind.ADDED && standing) {
            throw ProblemException.conflict("sub-processor-exists", "That sub-processor is already on the register.");
        }
        if (kind != Kind.ADDED && !standing) {
            throw ProblemException.notFound("sub-processor-not-found", "There is no sub-processor of that key on the register.");
        }
        if (latest.isPresent() && request.effectiveOn().isBefore(latest.get().effectiveOn())) {
            throw ProblemException.conflict("sub-processor-change-out-of-order",
                    "A change must take effect no earlier than the sub-processor's last change.");
        }
        Change change;
        if (kind == Kind.REMOVED) {
            Change last = latest.orElseThrow();
            change = new Change(UUID.randomUUID(), request.key(), kind, last.name(), last.purpose(), last.dataCategories(),
                    last.country(), last.transferSafeguard(), last.addedOn(), request.effectiveOn(), actor.id(),
                    clock.instant());
        } else {
            String name = singleLine(required(request.name(), "name", 200), "name");
            String purpose = required(request.purpose(), "purpose", 1000);
            String categories = required(request.dataCategories(), "dataCategories", 1000);
            String country = singleLine(required(request.country(), "country", 100), "country");
            String safeguard = required(request.transferSafeguard(), "transferSafeguard", 1000);
            LocalDate addedOn = kind == Kind.ADDED ? today : latest.orElseThrow().addedOn();
            change = new Change(UUID.randomUUID(), request.key(), kind, name, purpose, categories, country, safeguard,
                    addedOn, request.effectiveOn(), actor.id(), clock.instant());
        }
        store.insert(change);
        return change;
    }

    /** The sub-processors standing on the day, by name. */
    List<Change> standing(LocalDate day) {
        Map<String, Change> newest = new LinkedHashMap<>();
        for (Change change : store.all()) {
            if (!change.effectiveOn().isAfter(day)) {
                newest.put(change.key(), change);
            }
        }
        return newest.values().stream().filter(change -> change.kind() != Kind.REMOVED)
                .sorted(java.util.Comparator.comparing(Change::name, String.CASE_INSENSITIVE_ORDER)).toList();
    }

    /** Changes announced that take effect after the day, soonest first. */
    List<Change> pending(LocalDate day) {
        return new ArrayList<>(store.takingEffectAfter(day));
    }

    private static String required(String value, String field, int max) {
        if (blank(value) || value.strip().length() > max) {
            throw ProblemException.badRequest("invalid-sub-processor",
                    "Give the sub-processor's " + field + " (1 to " + max + " characters).");
        }
        return value.strip();
    }

    /** Names go into email subjects: one line, no control characters. */
    private static String singleLine(String value, String field) {
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("invalid-sub-processor", "The sub-processor's " + field + " must be one line.");
        }
        return value;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
