package org.custodian.pupils.internal;

import java.util.Optional;

import jakarta.servlet.http.HttpSession;

/**
 * What the pupil pages keep in the signed-in session for the task at hand: the purpose chosen
 * once (with its reason, where one is needed), the page size, and the current search. Search terms
 * live here rather than in the URL, so no pupil's name or UPN reaches a URL, a log or the
 * browser's history. Choosing a purpose again starts a new task and forgets the search.
 */
final class PupilTask {

    private static final String PURPOSE = "custodian.pupils.purpose";
    private static final String REASON = "custodian.pupils.reason";
    private static final String PAGE_SIZE = "custodian.pupils.page-size";
    private static final String SEARCH_UPN = "custodian.pupils.search-upn";
    private static final String SEARCH_NAME = "custodian.pupils.search-name";

    /** The task's purpose code, its reason (or null) and how many pupils a list page holds. */
    record Task(String purpose, String reason, int pageSize) {
        @Override
        public String toString() {
            return "Task[" + purpose + ", reason " + (reason == null ? "none" : "given") + "]";
        }
    }

    /** The current search: UPN and name, each null when not used. */
    record Search(String upn, String name) {
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
        return Optional.of(new Task(purpose, (String) session.getAttribute(REASON),
                size instanceof Integer pageSize ? pageSize : 0));
    }

    static void start(HttpSession session, String purpose, String reason, int pageSize) {
        session.setAttribute(PURPOSE, purpose);
        if (reason == null) {
            session.removeAttribute(REASON);
        } else {
            session.setAttribute(REASON, reason);
        }
        session.setAttribute(PAGE_SIZE, pageSize);
        search(session, null, null);
    }

    static Search search(HttpSession session) {
        return new Search((String) session.getAttribute(SEARCH_UPN), (String) session.getAttribute(SEARCH_NAME));
    }

    static void search(HttpSession session, String upn, String name) {
        set(session, SEARCH_UPN, blankToNull(upn));
        set(session, SEARCH_NAME, blankToNull(name));
    }

    private static void set(HttpSession session, String attribute, String value) {
        if (value == null) {
            session.removeAttribute(attribute);
        } else {
            session.setAttribute(attribute, value);
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
