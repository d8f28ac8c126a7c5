package org.custodian.schools;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.UserAccounts.NewAccount;

/** Registering schools and moving them through their lifecycle (platform admins). */
public interface Schools {

    Registered register(SchoolRegistration registration, CustodianUser actor);

    /** The school, if the actor may see it: its own staff, or a platform admin. */
    Optional<School> find(UUID schoolId, CustodianUser actor);

    /** Like {@link #find} but refuses with {@code school-not-found}. */
    School get(UUID schoolId, CustodianUser actor);

    List<School> all();

    /**
     * Every school's id and state, for background jobs that visit each school: unlike {@link #all()}
     * nothing is decrypted, so a job running every minute never touches the schools' contact details.
     */
    List<Status> statuses();

    record Status(UUID id, SchoolState state) {
    }

    Optional<School> findByUrn(String urn);

    /**
     * Validates and records the transition; {@code terminationDate} applies to TERMINATED only. Moving
     * a school out of service (TERMINATED, PURGED) ends its people's sessions and revokes its API
     * tokens in the same transaction. Publishes {@link SchoolStateChanged}. A move to PURGED is refused
     * while anything stands in its way ({@link PurgeObstacles}, e.g. {@code school-under-legal-hold}).
     */
    School transition(UUID schoolId, SchoolState target, LocalDate terminationDate, CustodianUser actor);

    List<StateChange> history(UUID schoolId, CustodianUser actor);

    /** The school as stored, for the system's own jobs (reminders, purges); no actor. */
    Optional<School> forSystem(UUID schoolId);

    /** The school's grace period after termination and, once it is terminated, when it ends. */
    Grace grace(UUID schoolId);

    /**
     * Sets the school's own grace period in days (platform admins; {@code null} returns it to the
     * platform default). Refused with {@code invalid-grace-period} outside 0 to 3660 days.
     */
    Grace setGracePeriod(UUID schoolId, Integer days, CustodianUser actor);

    /** What stops the school being purged now (e.g. a legal hold); empty if nothing does. */
    List<PurgeObstacles.Obstacle> purgeObstacles(UUID schoolId);

    record Registered(School school, NewAccount firstAdmin) {
    }
}
