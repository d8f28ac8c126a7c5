package org.custodian.pupils.internal;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.custodian.identity.CustodianUser;
import org.custodian.pupils.AccessContext;

/** Reads the purpose and reason an API call gives in its headers, plus where it came from. */
final class AccessHeaders {

    static final String PURPOSE = "Custodian-Purpose";
    static final String REASON = "Custodian-Reason";
    static final String REQUEST_ID = "X-Request-Id";

    private AccessHeaders() {
    }

    static AccessContext context(CustodianUser user, HttpServletRequest request) {
        return context(user, request, request.getHeader(PURPOSE), request.getHeader(REASON));
    }

    /** Pages pass the purpose and reason from their forms; the request supplies id and address. */
    static AccessContext context(CustodianUser user, HttpServletRequest request, String purpose, String reason) {
        return new AccessContext(user, purpose, reason, requestId(request), request.getRemoteAddr());
    }

    private static String requestId(HttpServletRequest request) {
        String given = request.getHeader(REQUEST_ID);
        return given != null && given.matches("[A-Za-z0-9._:-]{1,100}") ? given : UUID.randomUUID().toString();
    }
}
