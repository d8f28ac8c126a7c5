package org.custodian.guidance.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.stereotype.Service;

/** The school's guidance, its requirement, and each member of staff's acknowledgement. */
@Service
class Guidance {

    private final GuidanceStore store;
    private final Tenancy tenancy;
    private final Clock clock;

    Guidance(GuidanceStore store, Tenancy tenancy, Clock clock) {
        this.store = store;
        this.tenancy = tenancy;
        this.clock = clock;
    }

    /**
     * @param required          whether the school requires acknowledgement before pupil data
     * @param current           the current version, if the school has published one
     * @param acknowledgedByYou whether the caller acknowledged the current version
     * @param mustAcknowledge   whether the caller is held back from pupil data until they do
     */
    record View(boolean required, Optional<GuidanceStore.Version> current, boolean acknowledgedByYou,
                boolean mustAcknowledge) {
    }

    View view(CustodianUser user) {
        UUID school = user.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            GuidanceStore.Standing standing = store.standing(school, user.id());
            return new View(standing.required(), store.current(school), standing.acknowledged(), mustAcknowledge(standing));
        });
    }

    /** Whether this member of staff must acknowledge the current guidance before reaching pupil data. */
    boolean mustAcknowledge(UUID schoolId, UUID userId) {
        return mustAcknowledge(tenancy.inSchool(schoolId, () -> store.standing(schoolId, userId)));
    }

    private static boolean mustAcknowledge(GuidanceStore.Standing standing) {
        return standing.required() && standing.currentVersion() != null && !standing.acknowledged();
    }

    int publish(CustodianUser admin, String body) {
        if (body == null || body.isBlank() || body.length() > 20_000) {
            throw ProblemException.badRequest("invalid-guidance", "Write the guidance: 1 to 20,000 characters.");
        }
        UUID school = admin.ownSchoolId();
        return tenancy.inSchool(school, () -> store.publish(school, body.strip(), admin.id(), clock.instant()));
    }

    void require(CustodianUser admin, Boolean required) {
        if (required == null) {
            throw ProblemException.badRequest("invalid-guidance", "Say whether acknowledgement is required: {\"required\": true}.");
        }
        UUID school = admin.ownSchoolId();
        tenancy.inSchool(school, () -> {
            if (required && store.current(school).isEmpty()) {
                throw ProblemException.conflict("no-guidance", "Publish the guidance before requiring staff to acknowledge it.");
            }
            store.require(school, required, admin.id(), clock.instant());
        });
    }

    /** Acknowledges the version the member of staff was shown; a newer one must be read first. */
    Instant acknowledge(CustodianUser user, Integer version) {
        UUID school = user.ownSchoolId();
        Instant now = clock.instant();
        tenancy.inSchool(school, () -> {
            Optional<GuidanceStore.Version> current = store.current(school);
            if (current.isEmpty() || version == null || current.get().version() != version) {
                throw ProblemException.conflict("guidance-version-not-current",
                        "That is not the school's current guidance. Read the current version and acknowledge it.");
            }
            store.acknowledge(school, user.id(), version, now);
        });
        return now;
    }

    List<GuidanceStore.Acknowledgement> acknowledgements(CustodianUser admin) {
        UUID school = admin.ownSchoolId();
        return tenancy.inSchool(school, () -> store.acknowledgements(school));
    }
}
