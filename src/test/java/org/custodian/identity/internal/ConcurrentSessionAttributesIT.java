package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.custodian.support.CustodianTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Two requests of one browser (a page and its first form, say) load the same session and both add
 * an attribute it did not have: the second to save must not fail (an error page) on a duplicate key.
 */
@CustodianTest
class ConcurrentSessionAttributesIT {

    @Autowired SessionRepository<? extends Session> repository;

    @Test
    @SuppressWarnings("unchecked")
    void twoCopiesOfASessionAddingTheSameNewAttributeBothSave() {
        SessionRepository<Session> sessions = (SessionRepository<Session>) repository;
        Session created = sessions.createSession();
        sessions.save(created);
        Session first = sessions.findById(created.getId());
        Session second = sessions.findById(created.getId());

        first.setAttribute("test.attribute", "from the first request");
        second.setAttribute("test.attribute", "from the second request");
        sessions.save(first);
        sessions.save(second);

        assertThat((String) sessions.findById(created.getId()).getAttribute("test.attribute"))
                .isEqualTo("from the second request");
        sessions.deleteById(created.getId());
    }
}
