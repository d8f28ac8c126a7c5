package org.custodian.web;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The id an access-log entry carries for the request behind it: the caller's {@code X-Request-Id}
 * when it is a short token (so a partner can match its own logs), otherwise a fresh random one. A
 * header that could carry anything else (spaces, personal detail, a long text) is never stored.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private RequestIds() {
    }

    private static final String ATTRIBUTE = RequestIds.class.getName();

    /** The request's id: the same on every call for one request. */
    public static String of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof String id) {
            return id;
        }
        String given;
        try {
            given = request.getHeader(HEADER);
        } catch (RuntimeException rejectedByTheFirewall) {
            given = null;
        }
        String id = given != null && ACCEPTED.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }
}
