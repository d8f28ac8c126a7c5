package org.custodian.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.Role;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.identity.StaffAccessLog;
import org.custodian.identity.StaffAccessLog.Kind;
import org.custodian.identity.StaffAccessLog.StaffAccess;
import org.custodian.privacy.EmailAddress;
import org.custodian.privacy.PersonName;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ClientAddress;
import org.custodian.web.ProblemException;
import org.custodian.web.RequestIds;
import org.custodian.identity.SchoolAdminsChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Manage Users: a school admin lists, invites, re-roles, disables, removes and unlocks their own
 * school's staff, and resets their second factor. Every query runs in the admin's school scope, so
 * row-level security makes another school's account look exactly like an unknown one. Each change
 * and its security event are written in one transaction; sessions are ended after it commits.
 * Every read of staff records (a list or one account, as the pages and the API show them) and every
 * change is recorded in the school's access log ({@link StaffAccessLog}) in the same transaction;
 * a change returns nothing, so that what is shown after it is a read of its own, logged as such.
 */
@Service
class StaffAdministration {

    static final String SCHOOL_ROLES = Role.schoolRoles().stream().map(Role::name).sorted()
            .collect(Collectors.joining(", "));

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Invitations invitations;
    private final Lockouts lockouts;
    private final DeviceCookies devices;
    private final TotpSecrets totp;
    private final RecoveryCodes recoveryCodes;
    private final SecurityEvents events;
    private final UserSessions sessions;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final AccountFields fields;
    private final StaffAccessLog accessLog;

    /** The categories of a staff record, as the access log names them. */
    static final String NAME = "staff.name";
    static final String EMAIL = "staff.email";
    static final String ROLE = "staff.role";
    /** Status, lockout, invitation expiry, last sign-in, second factor enrolled, when created. */
    static final String ACCOUNT = "staff.account";
    static final List<String> SHOWN = List.of(NAME, EMAIL, ROLE, ACCOUNT);
    /** What a change did to the account, beyond its role. */
    static final String ENABLED = "staff.account.enabled";
    static final String INVITATION = "staff.account.invitation";
    static final String LOCKOUT = "staff.account.lockout";
    static final String SECOND_FACTOR = "staff.account.second-factor";
    static final String REMOVED = "staff.account.removed";

    private final ApplicationEventPublisher publisher;

    StaffAdministration(JdbcClient jdbc, Tenancy tenancy, Invitations invitations, Lockouts lockouts,
                        DeviceCookies devices, TotpSecrets totp, RecoveryCodes recoveryCodes, SecurityEvents events,
                        UserSessions sessions,
                        PasswordEncoder passwordEncoder, Clock clock, AccountFields fields,
                        StaffAccessLog accessLog, ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.fields = fields;
        this.accessLog = accessLog;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.invitations = invitations;
        this.lockouts = lockouts;
        this.devices = devices;
        this.totp = totp;
        this.recoveryCodes = recoveryCodes;
        this.events = events;
        this.sessions = sessions;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
    }

    enum Order { NEWEST, NAME }

    /** The school's staff who have not been removed. */
    List<StaffMember> list(CustodianUser actor, Order order) {
        UUID school = schoolOf(actor);
        Instant now = clock.instant();
        List<StaffMember> members = tenancy.inSchool(school, () -> {
            List<StaffMember> listed = jdbc.sql(MEMBER_QUERY
                            + " where u.school_id = ? and u.removed_at is null order by u.created_at desc, u.id")
                    .params(Timestamp.from(now), school)
                    .query((row, n) -> member(row, now))
                    .list();
            log(school, actor, Kind.READ, listed.stream().map(StaffMember::id).toList(), SHOWN);
            return listed;
        });
        // Names are encrypted: the database cannot sort by them.
        return order == Order.NAME
                ? members.stream().sorted(AccountFields.byName(StaffMember::name, StaffMember::id)).toList()
                : members;
    }

    StaffMember get(CustodianUser actor, UUID id) {
        UUID school = schoolOf(actor);
        return tenancy.inSchool(school, () -> {
            StaffMember member = find(school, id).orElseThrow(StaffAdministration::notFound);
            log(school, actor, Kind.READ, List.of(member.id()), SHOWN);
            return member;
        });
    }

    /** Every account the school ever had, removed ones included: events name them for a year. */
    Map<UUID, String> namesIncludingRemoved(UUID school) {
        record Named(UUID id, String name, boolean removed) {
            @Override
            public String toString() {
                return "Named[id=" + id + "]";
            }
        }
        Map<UUID, String> names = new LinkedHashMap<>();
        tenancy.inSchool(school, () -> jdbc.sql("select " + AccountFields.COLUMNS
                        + ", removed_at is not null as removed from user_account where school_id = ?")
                .param(school)
                .query((row, n) -> new Named(row.getObject("id", UUID.class), fields.displayName(row),
                        row.getBoolean("removed")))
                .list())
                .stream()
                .sorted(AccountFields.byName(Named::name, Named::id))
                .forEach(named -> names.put(named.id(), named.name() + (named.removed() ? " (removed)" : "")));
        return names;
    }

    /**
     * Creates the account without a usable password and emails a single-use link with which the
     * person chooses one. The email address is the username. Returns the new account's id.
     */
    UUID invite(CustodianUser actor, String name, String email, String role) {
        UUID school = schoolOf(actor);
        List<ProblemException> problems = inviteProblems(name, email, role);
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        PersonName displayName = personName(name);
        EmailAddress address = emailAddress(email);
        Role chosen = schoolRole(role);
        UUID id = UUID.randomUUID();
        // Nobody knows this password: the account cannot be signed in to until the invitation is used.
        String unusable = passwordEncoder.encode(PasswordGenerator.generate().value());
        Invited invited;
        try {
            invited = tenancy.inSchool(school, () -> {
                CustodianUser current = requireManager(school, actor);
                if (takenInSchool(school, address)) {
                    // The admin sees this school's staff anyway: saying so reveals nothing.
                    throw usernameTaken();
                }
                // Held by another school's account or platform staff: answered like a new address.
                boolean heldElsewhere = takenElsewhere(address);
                var sealed = fields.seal(id, school, address.value(), displayName.value());
                jdbc.sql("""
                        insert into user_account (id, school_id, username_index, username_ciphertext,
                                                  display_name_ciphertext, password_hash, role,
                                                  must_change_password, invitation_pending, created_at,
                                                  address_held_elsewhere)
                        values (?, ?, ?, ?, ?, ?, ?, false, true, ?, ?)""")
                        .params(id, school, sealed.usernameIndex(), sealed.username(), sealed.displayName(),
                                unusable, chosen.name(), Timestamp.from(clock.instant()), heldElsewhere)
                        .update();
                CustodianUser created = account(school, id).orElseThrow();
                events.record(SecurityEventType.USER_CREATED, created, current, chosen.name());
                Invitations.Issued link = invitations.issue(school, id, current.id());
                events.record(SecurityEventType.INVITATION_SENT, created, current, null);
                log(school, current, Kind.CREATE, List.of(id), List.of(NAME, EMAIL, ROLE, INVITATION));
                if (chosen == Role.SCHOOL_ADMIN) {
                    publisher.publishEvent(new SchoolAdminsChanged(school, id));
                }
                return new Invited(created, link, heldElsewhere);
            });
        } catch (DuplicateKeyException e) {
            // Two invitations for the same address at once: the unique index decides.
            throw usernameTaken();
        }
        deliver(invited, actor, address);
        return id;
    }

    /** The link to the invitee, or, if the address belongs to an account elsewhere, a note to its holder. */
    private void deliver(Invited invited, CustodianUser actor, EmailAddress address) {
        if (invited.heldElsewhere()) {
            invitations.tellHolder(address);
        } else {
            invitations.send(invited.invitee(), actor, invited.link());
        }
    }

    private record Invited(CustodianUser invitee, Invitations.Issued link, boolean heldElsewhere) {
    }

    /** A new link for someone who has not accepted yet; the old link stops working. */
    void resendInvitation(CustodianUser actor, UUID id) {
        UUID school = schoolOf(actor);
        var result = tenancy.inSchool(school, () -> {
            CustodianUser current = requireManager(school, actor);
            StaffMember member = find(school, id).orElseThrow(StaffAdministration::notFound);
            if (!member.invitationPending()) {
                throw ProblemException.conflict("invitation-not-pending",
                        "This user has already accepted their invitation.");
            }
            if (!member.enabled()) {
                throw ProblemException.conflict("user-disabled", "Enable the account before inviting them again.");
            }
            CustodianUser invitee = account(school, id).orElseThrow();
            boolean heldElsewhere = stillHeldElsewhere(invitee);
            Invitations.Issued link = invitations.issue(school, id, current.id());
            events.record(SecurityEventType.INVITATION_SENT, invitee, current, "resent");
            log(school, current, Kind.UPDATE, List.of(id), List.of(INVITATION));
            return new Invited(invitee, link, heldElsewhere);
        });
        deliver(result, actor, new EmailAddress(result.invitee().getUsername()));
    }

    void changeRole(CustodianUser actor, UUID id, String role) {
        update(actor, id, role, null);
    }

    void setEnabled(CustodianUser actor, UUID id, boolean enabled) {
        update(actor, id, null, enabled);
    }

    /** A new role and/or enabled state ({@code null}: unchanged), both or neither: one transaction. */
    void update(CustodianUser actor, UUID id, String role, Boolean enabled) {
        Role chosen = role == null ? null : schoolRole(role);
        change(actor, id, (current, target, admins) -> {
            boolean roleChanges = chosen != null && target.role() != chosen;
            boolean enabledChanges = enabled != null && target.isEnabled() != enabled;
            if ((roleChanges && chosen != Role.SCHOOL_ADMIN) || (enabledChanges && !enabled)) {
                keepAnAdmin(target, admins);
            }
            if (roleChanges || enabledChanges) {
                notOwnAccount(current, target);
            }
            if (roleChanges) {
                jdbc.sql("update user_account set role = ? where id = ?").params(chosen.name(), target.id()).update();
                events.record(SecurityEventType.ROLE_CHANGED, target, current, chosen.name());
            }
            if (enabledChanges) {
                jdbc.sql("update user_account set enabled = ? where id = ?").params(enabled, target.id()).update();
                events.record(enabled ? SecurityEventType.USER_ENABLED : SecurityEventType.USER_DISABLED, target,
                        current, null);
            }
            List<String> changed = new java.util.ArrayList<>();
            if (roleChanges) {
                changed.add(ROLE);
            }
            if (enabledChanges) {
                changed.add(ENABLED);
            }
            if (!changed.isEmpty()) {
                log(school(current), current, Kind.UPDATE, List.of(target.id()), changed);
            }
            if ((roleChanges && (target.role() == Role.SCHOOL_ADMIN || chosen == Role.SCHOOL_ADMIN))
                    || (enabledChanges && target.role() == Role.SCHOOL_ADMIN)) {
                publisher.publishEvent(new SchoolAdminsChanged(school(current), target.id()));
            }
            // A session holds the role it signed in with: end it so the new role applies at once.
            return roleChanges || (enabledChanges && !enabled);
        });
    }

    /**
     * Soft removal: the row stays (receipts and events refer to it) but is disabled for good, its
     * credentials and pending invitations are deleted or revoked, and its email is free again.
     */
    void remove(CustodianUser actor, UUID id) {
        change(actor, id, (current, target, admins) -> {
            keepAnAdmin(target, admins);
            notOwnAccount(current, target);
            jdbc.sql("update user_account set enabled = false, removed_at = ?, removed_by = ? where id = ?")
                    .params(Timestamp.from(clock.instant()), current.id(), target.id()).update();
            invitations.revokeAll(target.id());
            totp.reset(target.id());
            recoveryCodes.deleteAll(target.id());
            lockouts.clear(target.id());
            devices.revokeAll(target.id());
            events.record(SecurityEventType.USER_REMOVED, target, current, null);
            log(school(current), current, Kind.UPDATE, List.of(target.id()), List.of(REMOVED));
            if (target.role() == Role.SCHOOL_ADMIN) {
                publisher.publishEvent(new SchoolAdminsChanged(school(current), target.id()));
            }
            return true;
        });
    }

    void unlock(CustodianUser actor, UUID id) {
        change(actor, id, (current, target, admins) -> {
            lockouts.clear(target.id());
            devices.unlockAll(target.id());
            events.record(SecurityEventType.ACCOUNT_UNLOCKED, target, current, null);
            log(school(current), current, Kind.UPDATE, List.of(target.id()), List.of(LOCKOUT));
            return false;
        });
    }

    /** The person must enrol a new authenticator at their next sign-in; their sessions end now. */
    void resetSecondFactor(CustodianUser actor, UUID id) {
        change(actor, id, (current, target, admins) -> {
            notOwnAccount(current, target);
            totp.reset(target.id());
            recoveryCodes.deleteAll(target.id());
            // Its browsers were trusted for having proven the old factor.
            devices.revokeAll(target.id());
            events.record(SecurityEventType.SECOND_FACTOR_RESET, target, current, null);
            log(school(current), current, Kind.UPDATE, List.of(target.id()), List.of(SECOND_FACTOR));
            return true;
        });
    }

    /** One change to one account, in one transaction; the target's sessions end after it commits. */
    private void change(CustodianUser actor, UUID id, Change change) {
        UUID school = schoolOf(actor);
        var outcome = tenancy.inSchool(school, () -> {
            // Locks the school's admins first, so two admins demoting each other at once cannot
            // both succeed and leave the school without one.
            List<UUID> admins = jdbc.sql("""
                            select id from user_account
                             where school_id = ? and role = 'SCHOOL_ADMIN' and enabled and removed_at is null
                               and not invitation_pending
                             order by id for update""")
                    .param(school).query(UUID.class).list();
            CustodianUser current = requireManager(school, actor);
            CustodianUser target = account(school, id).orElseThrow(StaffAdministration::notFound);
            return Map.entry(target, change.apply(current, target, admins));
        });
        if (outcome.getValue()) {
            sessions.endAll(outcome.getKey());
        }
    }

    /** Records a read or change of staff records in the access log, in the caller's transaction. */
    private void log(UUID school, CustodianUser actor, Kind kind, List<UUID> staff, List<String> categories) {
        if (staff.isEmpty()) {
            return;
        }
        HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? a.getRequest() : null;
        accessLog.record(new StaffAccess(school, actor, kind, staff, categories,
                request == null ? null : RequestIds.of(request), request == null ? null : ClientAddress.of(request)));
    }

    private static UUID school(CustodianUser current) {
        return current.schoolId();
    }

    /** The actor as the database has them now: a session can outlive a demotion by another admin. */
    private CustodianUser requireManager(UUID school, CustodianUser actor) {
        return account(school, actor.id())
                .filter(CustodianUser::isEnabled)
                .filter(current -> current.has(Permission.USERS_MANAGE))
                .orElseThrow(() -> ProblemException.forbidden("forbidden", "You are not allowed to do this."));
    }

    private static void keepAnAdmin(CustodianUser target, List<UUID> admins) {
        if (admins.contains(target.id()) && admins.size() <= 1) {
            throw ProblemException.conflict("last-school-admin",
                    "Your school must keep at least one enabled school admin. Make someone else a school admin first.");
        }
    }

    private static void notOwnAccount(CustodianUser current, CustodianUser target) {
        if (current.id().equals(target.id())) {
            throw ProblemException.conflict("cannot-change-own-account",
                    "You cannot change the role of, disable, remove or reset your own account. "
                            + "Ask another school admin.");
        }
    }

    private Optional<CustodianUser> account(UUID school, UUID id) {
        return jdbc.sql("select * from user_account where id = ? and school_id = ? and removed_at is null")
                .params(id, school).query(fields::user).optional();
    }

    private Optional<StaffMember> find(UUID school, UUID id) {
        Instant now = clock.instant();
        return jdbc.sql(MEMBER_QUERY + " where u.school_id = ? and u.id = ? and u.removed_at is null")
                .params(Timestamp.from(now), school, id)
                .query((row, n) -> member(row, now))
                .optional();
    }

    /** An account of this school (invited or not) already has the address. Runs in the school's scope. */
    private boolean takenInSchool(UUID school, EmailAddress address) {
        return jdbc.sql("""
                        select count(*) from user_account where username_index = ? and school_id = ?
                           and removed_at is null""")
                .params(fields.usernameIndex(address.value()), school).query(Long.class).single() > 0;
    }

    /** Platform-wide: an account that holds the address (another school's account is invisible here). */
    private boolean takenElsewhere(EmailAddress address) {
        byte[] index = fields.usernameIndex(address.value());
        return tenancy.asPlatform(() -> jdbc.sql("""
                        select count(*) from user_account where username_index = ? and removed_at is null
                           and not address_held_elsewhere""")
                .param(index).query(Long.class).single() > 0);
    }

    /**
     * For a resent invitation whose address was held elsewhere: whether it still is. Once the holder
     * is gone the invitation becomes an ordinary one, and the link goes to the address.
     */
    private boolean stillHeldElsewhere(CustodianUser invitee) {
        boolean marked = jdbc.sql("select address_held_elsewhere from user_account where id = ?")
                .param(invitee.id()).query(Boolean.class).single();
        if (!marked || takenElsewhere(new EmailAddress(invitee.getUsername()))) {
            return marked;
        }
        jdbc.sql("update user_account set address_held_elsewhere = false where id = ?").param(invitee.id()).update();
        return false;
    }

    private static final String MEMBER_QUERY = """
            select u.id, u.school_id, u.display_name_ciphertext, u.username_ciphertext, u.role, u.enabled, u.invitation_pending, u.last_sign_in_at,
                   u.created_at,
                   case when l.locked_until > ? then l.locked_until end as locked_until,
                   exists (select 1 from user_totp t where t.user_id = u.id) as second_factor,
                   (select max(i.expires_at) from user_invitation i
                     where i.user_id = u.id and i.accepted_at is null and i.revoked_at is null) as invitation_expires_at
              from user_account u left join account_lockout l on l.user_id = u.id""";

    private StaffMember member(ResultSet row, Instant now) throws SQLException {
        Instant lockedUntil = instant(row, "locked_until");
        Instant invitationExpires = instant(row, "invitation_expires_at");
        StaffStatus status;
        if (!row.getBoolean("enabled")) {
            status = StaffStatus.DISABLED;
        } else if (row.getBoolean("invitation_pending")) {
            status = invitationExpires != null && invitationExpires.isAfter(now)
                    ? StaffStatus.INVITED : StaffStatus.INVITATION_EXPIRED;
        } else if (lockedUntil != null) {
            status = StaffStatus.LOCKED;
        } else {
            status = StaffStatus.ACTIVE;
        }
        return new StaffMember(row.getObject("id", UUID.class), fields.displayName(row),
                fields.username(row), Role.valueOf(row.getString("role")), status, lockedUntil,
                invitationExpires, instant(row, "last_sign_in_at"), row.getBoolean("second_factor"),
                instant(row, "created_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    static UUID schoolOf(CustodianUser actor) {
        if (actor == null || actor.schoolId() == null) {
            throw ProblemException.forbidden("school-staff-only", "These pages are for a school's own staff.");
        }
        return actor.schoolId();
    }

    static ProblemException notFound() {
        return ProblemException.notFound("user-not-found", "There is no user with that id.");
    }

    private static ProblemException usernameTaken() {
        return ProblemException.conflict("username-taken", "That email address is already used by an account.");
    }

    /** Every problem with an invitation's fields, in the form's order (the API reports the first). */
    static List<ProblemException> inviteProblems(String name, String email, String role) {
        List<ProblemException> problems = new java.util.ArrayList<>();
        for (Runnable check : List.<Runnable>of(() -> personName(name), () -> emailAddress(email),
                () -> schoolRole(role))) {
            try {
                check.run();
            } catch (ProblemException e) {
                problems.add(e);
            }
        }
        return problems;
    }

    private static PersonName personName(String name) {
        try {
            return new PersonName(name);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-name", "Enter the person's full name, at most 200 characters.");
        }
    }

    private static EmailAddress emailAddress(String email) {
        try {
            return new EmailAddress(email);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-email",
                    "Enter an email address in the correct format, like name@example.com.");
        }
    }

    static Role schoolRole(String role) {
        return Arrays.stream(Role.values())
                .filter(candidate -> candidate.name().equals(role) && Role.schoolRoles().contains(candidate))
                .findFirst()
                .orElseThrow(() -> ProblemException.badRequest("invalid-role",
                        "Choose one of the school roles: " + SCHOOL_ROLES + "."));
    }

    /** What one change does; returns whether the account's sessions must end. */
    @FunctionalInterface
    private interface Change {
        boolean apply(CustodianUser actor, CustodianUser target, List<UUID> admins);
    }
}
