package org.custodian.supportaccess.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.custodian.identity.CustodianUser;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.OptionalCategory;
import org.custodian.schools.School;
import org.custodian.schools.Schools;
import org.custodian.web.ClientAddress;
import org.custodian.web.RequestIds;
import org.springframework.stereotype.Component;

/**
 * What a support engineer's pages and calls need: the schools whose live consent lets them in, and
 * the access context that names the school they picked. The pupil data path checks the consent
 * again on each access; these lists only decide what to offer.
 */
@Component
class SupportReach {

    static final String PURPOSE = GrantSummaries.PURPOSE;

    private final SupportGrants grants;
    private final Schools schools;

    SupportReach(SupportGrants grants, Schools schools) {
        this.grants = grants;
        this.schools = schools;
    }

    List<ReachableSchool> schools(CustodianUser engineer) {
        java.util.Map<UUID, ReachableSchool> bySchool = new java.util.LinkedHashMap<>();
        for (SupportGrant grant : grants.liveFor(engineer.id(), grants.now())) {
            bySchool.merge(grant.schoolId(), of(grant), (a, b) -> {
                Set<OptionalCategory> categories = EnumSet.noneOf(OptionalCategory.class);
                categories.addAll(a.categories());
                categories.addAll(b.categories());
                return new ReachableSchool(a.schoolId(), a.name(), a.until().isAfter(b.until()) ? a.until() : b.until(),
                        a.change() || b.change(), categories);
            });
        }
        return List.copyOf(bySchool.values());
    }

    /** The school, if a live grant lets the engineer in; {@code support-consent-required} otherwise. */
    ReachableSchool school(CustodianUser engineer, UUID schoolId) {
        return schools(engineer).stream().filter(school -> school.schoolId().equals(schoolId)).findFirst()
                .orElseThrow(JdbcSupportConsents::consentRequired);
    }

    AccessContext context(CustodianUser engineer, HttpServletRequest request, UUID schoolId, String reason) {
        return new AccessContext(engineer, PURPOSE, reason, RequestIds.of(request), ClientAddress.of(request), schoolId);
    }

    private ReachableSchool of(SupportGrant grant) {
        String name = schools.forSystem(grant.schoolId()).map(School::name).orElse("Unknown school");
        Set<OptionalCategory> categories = EnumSet.noneOf(OptionalCategory.class);
        categories.addAll(grant.categories());
        return new ReachableSchool(grant.schoolId(), name, grant.expiresAt(), grant.mode() == SupportGrant.Mode.CHANGE,
                categories);
    }
}
