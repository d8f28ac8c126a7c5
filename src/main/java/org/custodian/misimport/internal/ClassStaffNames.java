package org.custodian.misimport.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

import org.custodian.crypto.BlindIndex;
import org.custodian.identity.StaffAccounts;
import org.custodian.misimport.internal.SourcePupil.ClassStaffName;

/**
 * Teachers and supervisors a CSV names for its classes and registration groups, matched to the
 * school's staff accounts by name (case and spacing ignored). A name that matches no account, or
 * more than one, is counted, never guessed; a class none of whose names match keeps its staff.
 */
final class ClassStaffNames {

    /** A class or registration group as {@code SchoolClasses} names it. */
    record ClassRef(String kind, String code) {
    }

    /** Staff names are personal data: never printed. */
    private record Named(Set<String> teachers, Set<String> supervisors) {
        @Override
        public String toString() {
            return "Named[teachers=" + teachers.size() + ", supervisors=" + supervisors.size() + "]";
        }
    }

    private final Map<ClassRef, Named> byClass = new LinkedHashMap<>();

    void add(SourcePupil pupil) {
        for (ClassStaffName staff : pupil.staff()) {
            if (staff.name() == null || staff.name().isBlank() || staff.classCode() == null) {
                continue;
            }
            String kind = pupil.data().classes().contains(staff.classCode()) ? "TEACHING" : "REGISTRATION";
            Named named = byClass.computeIfAbsent(new ClassRef(kind, staff.classCode().strip()),
                    ref -> new Named(new LinkedHashSet<>(), new LinkedHashSet<>()));
            (staff.duty() == ClassStaffName.Duty.TEACHER ? named.teachers() : named.supervisors())
                    .add(BlindIndex.normalise(staff.name()));
        }
    }

    boolean isEmpty() {
        return byClass.isEmpty();
    }

    /** The accounts a class gets. */
    record Staff(Set<UUID> teachers, Set<UUID> supervisors) {
    }

    /** Classes given staff, and how many distinct names matched one account or did not. */
    record Matching(int classes, int namesMatched, int namesUnmatched) {
        static final Matching NONE = new Matching(0, 0, 0);
    }

    /**
     * Matches the names to {@code staff}; for each class with at least one match, hands the matched
     * teacher and supervisor ids to {@code assign} (which replaces the class's staff).
     */
    Matching match(List<StaffAccounts.StaffAccount> staff, BiConsumer<ClassRef, Staff> assign) {
        Map<String, UUID> ids = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (StaffAccounts.StaffAccount account : staff) {
            if (account.displayName() != null && ids.put(BlindIndex.normalise(account.displayName()), account.id()) != null) {
                ambiguous.add(BlindIndex.normalise(account.displayName()));
            }
        }
        ambiguous.forEach(ids::remove);
        Set<String> matched = new HashSet<>();
        Set<String> unmatched = new HashSet<>();
        int classes = 0;
        for (Map.Entry<ClassRef, Named> entry : byClass.entrySet()) {
            Set<UUID> teachers = resolve(entry.getValue().teachers(), ids, matched, unmatched);
            Set<UUID> supervisors = resolve(entry.getValue().supervisors(), ids, matched, unmatched);
            if (!teachers.isEmpty() || !supervisors.isEmpty()) {
                classes++;
                assign.accept(entry.getKey(), new Staff(teachers, supervisors));
            }
        }
        return new Matching(classes, matched.size(), unmatched.size());
    }

    private static Set<UUID> resolve(Set<String> names, Map<String, UUID> ids, Set<String> matched, Set<String> unmatched) {
        Set<UUID> resolved = new LinkedHashSet<>();
        for (String name : names) {
            UUID id = ids.get(name);
            if (id == null) {
                unmatched.add(name);
            } else {
                matched.add(name);
                resolved.add(id);
            }
        }
        return resolved;
    }
}
