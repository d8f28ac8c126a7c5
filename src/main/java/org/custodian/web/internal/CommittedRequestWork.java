package org.custodian.web.internal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Notes on the request when a transaction commits while serving it, so an error answered later
 * (a failure after the work was saved) never tells the client that nothing was changed.
 */
@Component
class CommittedRequestWork implements TransactionExecutionListener {

    private static final String COMMITTED = CommittedRequestWork.class.getName() + ".committed";

    @Override
    public void afterCommit(TransactionExecution transaction, Throwable commitFailure) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (commitFailure == null && request != null) {
            request.setAttribute(COMMITTED, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** Whether any transaction committed while this request was served. */
    static boolean happened(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(COMMITTED));
    }
}
