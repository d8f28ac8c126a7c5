package org.custodian.schools.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.custodian.crypto.PlatformCipher;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.SchoolClosures;
import org.custodian.identity.SchoolStanding;
import org.custodian.identity.UserAccounts;
import org.custodian.identity.UserAccounts.NewAccount;
import org.custodian.privacy.EmailAddress;
import org.custodian.privacy.PersonName;
import org.custodian.schools.Grace;
import org.custodian.schools.Nation;
import org.custodian.schools.PurgeObstacles;
import org.custodian.schools.SchoolStateChanged;
import org.custodian.schools.School;
import org.custodian.schools.SchoolRegistration;
import org.custodian.schools.SchoolState;
import org.custodian.schools.Schools;
import org.custodian.schools.StateChange;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

@Service
@EnableConfigurationProperties(SchoolProperties.class)
class JdbcSchools implements Schools, SchoolStanding {

    static final int MAX_GRACE_DAYS = 3660;

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final SchoolAccess access;
    private final UserAccounts accounts;
    private final Clock clock;
    private final PlatformCipher cipher;
    private final SchoolClosures closures;
    private final SchoolProperties properties;
    private final ApplicationEventPublisher events;
    private final List<PurgeObstacles> obstacles;

    JdbcSchools(JdbcClient jdbc, Tenancy tenancy, SchoolAccess access, UserAccounts accounts, Clock clock,
                PlatformCipher cipher, SchoolClosures closures, SchoolProperties properties,
                ApplicationEventPublisher events, List<PurgeObstacles> obstacles) {
        this.properties = properties;
        this.events = events;
        this.obstacles = List.copyOf(obstacles);
        this.cipher = cipher;
        this.closures = closures;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.access = access;
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public Registered register(SchoolRegistration registration, CustodianUser actor) {
        requirePlatformAdmin(actor);
        PersonName contactName = new PersonName(registration.contactName());
        EmailAddress contactEmail = new EmailAddress(registration.contactEmail());
        boolean withAdmin = registration.firstAdminEmail() != null && !registration.firstAdminEmail().isBlank();
        PersonName adminName = withAdmin ? new PersonName(registration.firstAdminName() == null
                || registration.firstAdminName().isBlank() ? registration.contactName()
                : registration.firstAdminName()) : null;
        UUID id = UUID.randomUUID();
        return tenancy.asPlatform(() -> {
            if (findByUrn(registration.urn()).isPresent()) {
                throw ProblemException.conflict("urn-taken", "A school with that URN is already registered.");
            }
            if (countWhere("la_code = ? and establishment_number = ?", registration.laCode(),
                    registration.establishmentNumber()) > 0) {
                throw ProblemException.conflict("establishment-taken",
                        "A school with that LA code and establishment number is already registered.");
            }
            jdbc.sql("""
                    insert into school (id, urn, la_code, establishment_number, name, nation, contact_name_ciphertext,
                                        contact_email_ciphertext, state, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, 'TRIAL', ?)""")
                    .params(id, registration.urn(), registration.laCode(), registration.establishmentNumber(),
                            registration.name().strip(), registration.nation().name(),
                            cipher.encryptString(id, CONTACT_NAME, contactName.value()),
                            cipher.encryptString(id, CONTACT_EMAIL, contactEmail.value()),
                            Timestamp.from(clock.instant()))
                    .update();
            recordChange(id, null, SchoolState.TRIAL, null, actor);
            NewAccount admin = withAdmin
                    ? accounts.create(id, registration.firstAdminEmail(), adminName, Role.SCHOOL_ADMIN)
                    : null;
            return new Registered(load(id).orElseThrow(), admin);
        });
    }

    @Override
    public Optional<School> find(UUID schoolId, CustodianUser actor) {
        if (actor == null || !actor.mayActFor(schoolId)) {
            return Optional.empty();
        }
        return access.forSchool(actor, schoolId, () -> load(schoolId));
    }

    @Override
    public School get(UUID schoolId, CustodianUser actor) {
        return find(schoolId, actor).orElseThrow(SchoolAccess::schoolNotFound);
    }

    @Override
    public List<School> all() {
        return tenancy.asPlatform(() -> jdbc.sql("select * from school order by name, urn")
                .query(this::map).list());
    }

    @Override
    public List<Status> statuses() {
        return tenancy.asPlatform(() -> jdbc.sql("select id, state from school order by id")
                .query((row, n) -> new Status(row.getObject("id", UUID.class), SchoolState.valueOf(row.getString("state"))))
                .list());
    }

    /** Read in the school's own scope: sign-in has no scope of its own yet. */
    @Override
    public boolean admitsSignIn(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("select state from school where id = ?").param(schoolId)
                .query(String.class).optional().map(SchoolState::valueOf).map(SchoolState::inService).orElse(false));
    }

    /** A terminated school's admin still signs in, for the grace export and nothing else. */
    @Override
    public boolean admitsSignIn(UUID schoolId, Role role) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("select state from school where id = ?").param(schoolId)
                .query(String.class).optional().map(SchoolState::valueOf)
                .map(state -> state.inService() || state == SchoolState.TERMINATED && role == Role.SCHOOL_ADMIN)
                .orElse(false));
    }

    @Override
    public Optional<School> forSystem(UUID schoolId) {
        return tenancy.asPlatform(() -> load(schoolId));
    }

    @Override
    public Grace grace(UUID schoolId) {
        return tenancy.asPlatform(() -> jdbc.sql("select state, termination_date, grace_period_days from school where id = ?")
                .param(schoolId)
                .query((row, n) -> grace(SchoolState.valueOf(row.getString("state")),
                        row.getObject("termination_date", LocalDate.class),
                        row.getObject("grace_period_days", Integer.class)))
                .optional().orElseThrow(SchoolAccess::schoolNotFound));
    }

    private Grace grace(SchoolState state, LocalDate terminationDate, Integer ownDays) {
        int days = ownDays == null ? properties.gracePeriodDays() : ownDays;
        LocalDate endsOn = state == SchoolState.TERMINATED && terminationDate != null
                ? terminationDate.plusDays(days) : null;
        return new Grace(days, ownDays != null, endsOn);
    }

    @Override
    public Grace setGracePeriod(UUID schoolId, Integer days, CustodianUser actor) {
        if (actor == null || actor.role() != Role.PLATFORM_ADMIN) {
            throw ProblemException.forbidden("forbidden", "Only platform administrators can do this.");
        }
        if (days != null && (days < 0 || days > MAX_GRACE_DAYS)) {
            throw ProblemException.badRequest("invalid-grace-period",
                    "The grace period must be 0 to " + MAX_GRACE_DAYS + " days.");
        }
        tenancy.asPlatform(() -> {
            SchoolState state = jdbc.sql("select state from school where id = ? for update").param(schoolId)
                    .query(String.class).optional().map(SchoolState::valueOf).orElseThrow(SchoolAccess::schoolNotFound);
            if (state == SchoolState.PURGED) {
                throw ProblemException.conflict("illegal-transition", "A purged school's contract cannot change.");
            }
            jdbc.sql("update school set grace_period_days = ? where id = ?").params(days, schoolId).update();
        });
        return grace(schoolId);
    }

    @Override
    public List<PurgeObstacles.Obstacle> purgeObstacles(UUID schoolId) {
        return obstacles.stream().flatMap(o -> o.obstaclesToPurging(schoolId).stream()).toList();
    }

    @Override
    public Optional<School> findByUrn(String urn) {
        return tenancy.asPlatform(() -> jdbc.sql("select * from school where urn = ?")
                .param(urn).query(this::map).optional());
    }

    @Override
    public School transition(UUID schoolId, SchoolState target, LocalDate terminationDate, CustodianUser actor) {
        requirePlatformAdmin(actor);
        if (target == null) {
            throw ProblemException.badRequest("invalid-state", "Name the state to move the school to.");
        }
        return tenancy.asPlatform(() -> {
            School school = jdbc.sql("select * from school where id = ? for update").param(schoolId)
                    .query(this::map).optional().orElseThrow(SchoolAccess::schoolNotFound);
            if (!school.state().canMoveTo(target)) {
                throw ProblemException.conflict("illegal-transition", "A school in state " + school.state()
                        + " cannot move to " + target + "; allowed: " + school.state().next() + ".");
            }
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            LocalDate newTerminationDate = switch (target) {
                case TERMINATED -> terminationDate == null ? today : terminationDate;
                case PURGED -> school.terminationDate();
                default -> null;
            };
            if (target == SchoolState.TERMINATED && newTerminationDate.isBefore(today)) {
                throw ProblemException.badRequest("invalid-termination-date",
                        "The termination date cannot be in the past.");
            }
            if (target == SchoolState.PURGED && today.isBefore(school.terminationDate())) {
                throw new ProblemException(HttpStatus.CONFLICT, "purge-before-termination",
                        "A school cannot be purged before its termination date.");
            }
            if (target == SchoolState.PURGED) {
                List<PurgeObstacles.Obstacle> standing = purgeObstacles(schoolId);
                if (!standing.isEmpty()) {
                    throw switch (standing.get(0).kind()) {
                        case LEGAL_HOLD -> ProblemException.conflict("school-under-legal-hold", standing.get(0).detail());
                    };
                }
            }
            jdbc.sql("update school set state = ?, termination_date = ? where id = ?")
                    .params(target.name(), newTerminationDate, schoolId).update();
            recordChange(schoolId, school.state(), target, newTerminationDate, actor);
            if (!target.inService()) {
                // Same transaction: the school is never out of service with a session or token still live.
                closures.close(schoolId, actor, "school-" + target.name().toLowerCase(java.util.Locale.ROOT));
            }
            events.publishEvent(new SchoolStateChanged(schoolId, school.state(), target));
            return load(schoolId).orElseThrow();
        });
    }

    @Override
    public List<StateChange> history(UUID schoolId, CustodianUser actor) {
        return access.forSchool(actor, schoolId, () -> jdbc.sql("""
                        select id, from_state, to_state, termination_date, changed_by, changed_at
                        from school_state_change where school_id = ? order by sequence""")
                .param(schoolId)
                .query((row, n) -> new StateChange(row.getObject("id", UUID.class),
                        row.getString("from_state") == null ? null : SchoolState.valueOf(row.getString("from_state")),
                        SchoolState.valueOf(row.getString("to_state")),
                        row.getObject("termination_date", LocalDate.class),
                        row.getObject("changed_by", UUID.class),
                        row.getTimestamp("changed_at").toInstant()))
                .list());
    }

    private void recordChange(UUID schoolId, SchoolState from, SchoolState to, LocalDate terminationDate,
                              CustodianUser actor) {
        jdbc.sql("""
                insert into school_state_change (school_id, id, from_state, to_state, termination_date,
                                                 changed_by, changed_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(schoolId, UUID.randomUUID(), from == null ? null : from.name(), to.name(), terminationDate,
                        actor == null ? null : actor.id(), Timestamp.from(clock.instant()))
                .update();
    }

    private Optional<School> load(UUID schoolId) {
        return jdbc.sql("select * from school where id = ?").param(schoolId).query(this::map).optional();
    }

    private long countWhere(String condition, Object... params) {
        return jdbc.sql("select count(*) from school where " + condition).params(params)
                .query(Long.class).single();
    }

    /** Null is the system itself (first start, demo data); otherwise only platform admins. */
    private static void requirePlatformAdmin(CustodianUser actor) {
        if (actor != null && actor.role() != Role.PLATFORM_ADMIN) {
            throw ProblemException.forbidden("forbidden", "Only platform administrators can do this.");
        }
    }

    /** A school's contact belongs to no one school user: the platform keyset protects it. */
    static final String CONTACT_NAME = "school.contact-name";
    static final String CONTACT_EMAIL = "school.contact-email";

    private School map(ResultSet row, int rowNumber) throws SQLException {
        UUID id = row.getObject("id", UUID.class);
        return new School(
                id,
                row.getString("urn"),
                row.getString("la_code"),
                row.getString("establishment_number"),
                row.getString("name"),
                Nation.valueOf(row.getString("nation")),
                new PersonName(cipher.decryptString(id, CONTACT_NAME, row.getBytes("contact_name_ciphertext"))),
                new EmailAddress(cipher.decryptString(id, CONTACT_EMAIL, row.getBytes("contact_email_ciphertext"))),
                SchoolState.valueOf(row.getString("state")),
                row.getObject("termination_date", LocalDate.class),
                row.getTimestamp("created_at").toInstant());
    }
}
