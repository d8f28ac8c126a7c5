package org.custodian.supportaccess.internal;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.SupportConsents;
import org.custodian.web.ProblemException;
import org.springframework.stereotype.Component;

/**
 * The pupil data path's question "may this support engineer reach this school now?", answered from
 * the school's grants as they stand in the asking transaction: nothing is cached, so a revocation
 * or an expiry refuses the very next request.
 */
@Component
class JdbcSupportConsents implements SupportConsents {

    private final SupportGrants grants;

    JdbcSupportConsents(SupportGrants grants) {
        this.grants = grants;
    }

    @Override
    public void require(CustodianUser actor, UUID schoolId, boolean change, Set<OptionalCategory> categories) {
        List<SupportGrant> live = actor.role() != Role.SUPPORT ? List.of()
                : grants.liveInScope(schoolId, grants.now()).stream().filter(g -> g.covers(actor.id())).toList();
        if (live.isEmpty()) {
            throw consentRequired();
        }
        boolean covered = live.stream().anyMatch(grant -> (!change || grant.mode() == SupportGrant.Mode.CHANGE)
                && grant.categories().containsAll(categories));
        if (!covered) {
            throw ProblemException.forbidden("support-consent-scope",
                    "The school's consent does not cover this: it names what support may read or change.");
        }
    }

    static ProblemException consentRequired() {
        return ProblemException.forbidden("support-consent-required",
                "Platform staff reach a school's pupil data only with the school's time-boxed consent.");
    }
}
