package org.custodian.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * The errors of one submitted form, in the order the error summary lists them; each names the
 * field (its input's id) it links to. Messages state the rule and never echo what was typed.
 * Pages show them with the {@code error-summary} and {@code field-error} fragments of
 * {@code templates/schools/fragments.html}.
 */
public final class FormErrors {

    private final Map<String, String> messages = new LinkedHashMap<>();

    /** Keeps the first message per field: GOV.UK shows one error per field. */
    public FormErrors add(String field, String message) {
        messages.putIfAbsent(field, message);
        return this;
    }

    public boolean has(String field) {
        return messages.containsKey(field);
    }

    public String get(String field) {
        return messages.get(field);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        messages.forEach((field, message) -> entries.add(new Entry(field, message)));
        return entries;
    }

    /**
     * A refusal the user can put right on the form (400 invalid, 409 conflict) is shown on it;
     * anything else (not found, forbidden) goes to the error page instead.
     */
    public static boolean fixableOnForm(ProblemException e) {
        return e.status() == HttpStatus.BAD_REQUEST || e.status() == HttpStatus.CONFLICT;
    }

    public record Entry(String field, String message) {
    }
}
