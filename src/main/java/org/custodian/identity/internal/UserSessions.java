package org.custodian.identity.internal;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/** Ends every server-side session of an account (after it is disabled, or its password is reset). */
@Component
class UserSessions {

    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    UserSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    /** Spring Session indexes sessions by the signed-in principal's name, i.e. the username. */
    void endAll(String username) {
        sessions.findByPrincipalName(username).keySet().forEach(sessions::deleteById);
    }
}
