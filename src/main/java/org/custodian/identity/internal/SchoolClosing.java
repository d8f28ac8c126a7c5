package org.custodian.identity.internal;

import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.SchoolClosures;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** A closing school's sessions end and its API tokens are revoked, both in the caller's transaction. */
@Service
class SchoolClosing implements SchoolClosures {

    private final SessionAdministration sessions;
    private final JdbcApiTokens tokens;

    SchoolClosing(SessionAdministration sessions, JdbcApiTokens tokens) {
        this.sessions = sessions;
        this.tokens = tokens;
    }

    @Override
    public Closed close(UUID schoolId, CustodianUser actor, String reason) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A school is closed inside the transaction that changes its state");
        }
        return new Closed(sessions.endAllOfSchool(schoolId, actor, reason), tokens.revokeAllOf(schoolId, actor, reason));
    }
}
