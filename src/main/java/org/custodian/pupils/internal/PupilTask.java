package org.custodian.pupils.internal;

import java.util.Optional;

import jakarta.servlet.http.HttpSession;

/**
 * What the pupil pages keep in the signed-in session for the task at hand: the purpose chosen
 * once, the page size, and the task's reason (where one is needed) only as a ciphertext under the
 * person's own staff key, because sessions live in PostgreSQL and a reason may name someone.
 * Search terms are never kept: they travel in the POST that asks for them, so no pupil's name or
 * UPN reaches a URL, a log or the session table.
 */
final class PupilTask {

    private static final String PURPOSE = "custodian.pupils.purpose";
    private static final String SEALED_REASON = "custodian.pupils.sealed-reason";
    private static final String PAGE_SIZE = "custodian.pupils.page-size";

    /** The task's purpose code, its encrypted reason (or null) and how many pupils a list page holds. */
    record Task(String purpose, byte[] sealedReason, int pageSize) {
        public boolean hasReason() {
            return sealedReason != null;
        }

        @Override
        public String toString() {
            return "Task[" + purpose + ", reason " + (sealedReason == null ? "none" : "given") + "]";
        }
    }

    /** A search: UPN and name, each null when not used. */
    record Search(String upn, String name) {
        static final Search NONE = new Search(null, null);

        Search {
            upn = blankToNull(upn);
            name = blankToNull(name);
        }

        public boolean isEmpty() {
            return upn == null && name == null;
        }

        @Override
        public String toString() {
            return "Search[redacted]";
        }
    }

    private PupilTask() {
    }

    static Optional<Task> current(HttpSession session) {
        if (session == null || !(session.getAttribute(PURPOSE) instanceof String purpose)) {
            return Optional.empty();
        }
        Object size = session.getAttribute(PAGE_SIZE);
        return Optional.of(new Task(purpose, (byte[]) session.getAttribute(SEALED_REASON),
                size instanceof Integer pageSize ? pageSize : 0));
    }

    static void start(HttpSession session, String purpose, byte[] sealedReason, int pageSize) {
        session.setAttribute(PURPOSE, purpose);
        if (sealedReason == null) {
            session.removeAttribute(SEALED_REASON);
        } else {
            session.setAttribute(SEALED_REASON, sealedReason);
        }
        session.setAttribute(PAGE_SIZE, pageSize);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
