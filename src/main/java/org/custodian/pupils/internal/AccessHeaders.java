package org.custodian.pupils.internal;


import jakarta.servlet.http.HttpServletRequest;

import org.custodian.identity.CustodianUser;
import org.custodian.pupils.AccessContext;
import org.custodian.web.ClientAddress;
import org.custodian.web.HeaderText;
import org.custodian.web.RequestIds;

/** Reads the purpose and reason an API call gives in its headers, plus where it came from. */
final class AccessHeaders {

    static final String PURPOSE = "Custodian-Purpose";
    static final String REASON = "Custodian-Reason";

    private AccessHeaders() {
    }

    static AccessContext context(CustodianUser user, HttpServletRequest request) {
        return context(user, request, HeaderText.decode(request.getHeader(PURPOSE), PURPOSE),
                HeaderText.decode(request.getHeader(REASON), REASON));
    }

    /** Pages pass the purpose and reason from their forms; the request supplies id and address. */
    static AccessContext context(CustodianUser user, HttpServletRequest request, String purpose, String reason) {
        return new AccessContext(user, purpose, reason, RequestIds.of(request), ClientAddress.of(request));
    }
}
