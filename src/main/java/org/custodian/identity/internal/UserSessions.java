package org.custodian.identity.internal;

import org.custodian.identity.CustodianUser;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * Ends every session of one account (all instances share the JDBC session store), so a disabled,
 * removed, re-roled or 2FA-reset account cannot carry on with what its old session allowed.
 */
@Component
class UserSessions {

    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    UserSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    /** Returns how many sessions were ended. */
    int endAll(CustodianUser user) {
        // Sessions are indexed by user id (SessionConfiguration), not by username.
        var ids = sessions.findByPrincipalName(user.id().toString()).keySet();
        ids.forEach(sessions::deleteById);
        return ids.size();
    }

    /** Ends every session of the account but {@code keptSessionId} (after a password change). */
    int endOthers(CustodianUser user, String keptSessionId) {
        // Sessions found by user are known by their stored id, the hash of the id the browser holds.
        String kept = StoredSessionIds.of(keptSessionId);
        var ids = sessions.findByPrincipalName(user.id().toString()).keySet().stream()
                .filter(id -> !id.equals(kept) && !id.equals(keptSessionId))
                .toList();
        ids.forEach(sessions::deleteById);
        return ids.size();
    }
}
