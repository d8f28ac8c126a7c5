package org.custodian.identity.internal;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.custodian.crypto.SubjectKeys;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.identity.StaffAccessLog;
import org.custodian.identity.StaffAccessLog.Kind;
import org.custodian.identity.StaffAccessLog.StaffAccess;
import org.custodian.identity.StaffErasure;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ClientAddress;
import org.custodian.web.ProblemException;
import org.custodian.web.RequestIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Staff erasure in the actor's school scope. The school's enabled admins are locked first (as
 * {@link StaffAdministration} does), so two erasures at once cannot leave the school without one.
 */
@Service
class StaffErasures implements StaffErasure {

    /** What the access log records as changed by an erasure. */
    static final String ERASED = "staff.account.erased";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final AccountFields fields;
    private final SubjectKeys keys;
    private final Invitations invitations;
    private final Lockouts lockouts;
    private final DeviceCookies devices;
    private final TotpSecrets totp;
    private final RecoveryCodes recoveryCodes;
    private final SecurityEvents events;
    private final UserSessions sessions;
    private final StaffAccessLog accessLog;
    private final Clock clock;

    StaffErasures(JdbcClient jdbc, Tenancy tenancy, AccountFields fields, SubjectKeys keys, Invitations invitations,
                  Lockouts lockouts, DeviceCookies devices, TotpSecrets totp, RecoveryCodes recoveryCodes,
                  SecurityEvents events, UserSessions sessions, StaffAccessLog accessLog, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.fields = fields;
        this.keys = keys;
        this.invitations = invitations;
        this.lockouts = lockouts;
        this.devices = devices;
        this.totp = totp;
        this.recoveryCodes = recoveryCodes;
        this.events = events;
        this.sessions = sessions;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    @Override
    public void requireErasable(CustodianUser actor, UUID userId) {
        tenancy.inSchool(school(actor), () -> checked(actor, userId));
    }

    @Override
    public void erase(CustodianUser actor, UUID userId, UUID requestReference) {
        UUID school = school(actor);
        CustodianUser erased = tenancy.inSchool(school, () -> {
            CustodianUser target = checked(actor, userId);
            eraseChecked(school, actor, target, requestReference);
            return target;
        });
        sessions.endAll(erased);
    }

    /** The erasure itself, in the caller's school-scoped transaction, once the target is checked. */
    private void eraseChecked(UUID school, CustodianUser actor, CustodianUser target, UUID requestReference) {
        UUID userId = target.id();
        // The tombstone keeps the username's index; the row gets a random one, so it no longer
        // links to the address (which is free again) and still satisfies the row's constraints.
        byte[] index = jdbc.sql("select username_index from user_account where id = ?").param(userId)
                .query(byte[].class).single();
        byte[] unlinked = new byte[32];
        RANDOM.nextBytes(unlinked);
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        update user_account
                           set enabled = false, removed_at = coalesce(removed_at, ?),
                               removed_by = coalesce(removed_by, ?), erased_at = ?, username_index = ?,
                               username_ciphertext = null, display_name_ciphertext = null,
                               password_hash = '!erased'
                         where id = ? and school_id = ?""")
                .params(now, actor.id(), now, unlinked, userId, school).update();
        jdbc.sql("""
                        insert into erased_staff (school_id, id, username_index, erased_at, request_reference)
                        values (?, ?, ?, ?, ?)""")
                .params(school, UUID.randomUUID(), index, clock.instant().atOffset(ZoneOffset.UTC),
                        requestReference)
                .update();
        invitations.revokeAll(userId);
        totp.reset(userId);
        recoveryCodes.deleteAll(userId);
        lockouts.clear(userId);
        devices.revokeAll(userId);
        events.record(SecurityEventType.USER_REMOVED, target, actor, "erased");
        log(school, actor, userId);
        keys.destroy(school, userId);
    }

    @Override
    public List<Expired> expireTombstones(UUID schoolId, Instant erasedBefore) {
        return tenancy.inSchool(schoolId, () -> {
            // Same transaction and cut-off as the expiry itself, so the list is what it deletes.
            List<Expired> doomed = jdbc.sql("select id, erased_at from erased_staff where school_id = ? and erased_at < ?")
                    .params(schoolId, erasedBefore.atOffset(ZoneOffset.UTC))
                    .query((rs, n) -> new Expired(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant()))
                    .list();
            int expired = jdbc.sql("select custodian_expire_erased_staff(?, ?)")
                    .params(schoolId, erasedBefore.atOffset(ZoneOffset.UTC)).query(Integer.class).single();
            if (expired != doomed.size()) {
                throw new IllegalStateException("Tombstones changed during their expiry");
            }
            return doomed;
        });
    }

    @Override
    public List<LeftAccount> leftBefore(UUID schoolId, Instant lastUsedBefore, Collection<UUID> except, int limit) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("""
                        select id, greatest(last_sign_in_at, removed_at) as last_used from user_account
                         where school_id = ? and removed_at is not null and erased_at is null and not enabled
                           and greatest(last_sign_in_at, removed_at) < ? and not id = any (?)
                         order by last_used, id limit ?""")
                .params(schoolId, lastUsedBefore.atOffset(ZoneOffset.UTC), except.toArray(UUID[]::new), limit)
                .query((rs, n) -> new LeftAccount(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant()))
                .list());
    }

    @Override
    public List<UUID> eraseAtEndOfRetention(UUID schoolId, List<UUID> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        CustodianUser sweep = new CustodianUser(SWEEP_ACTOR, schoolId, "retention-sweep", "Retention sweep",
                org.custodian.identity.Role.SCHOOL_ADMIN, false, false, null);
        List<CustodianUser> erased = tenancy.inSchool(schoolId, () -> {
            // Locked and checked again: only accounts still removed and not yet erased.
            List<CustodianUser> targets = jdbc.sql("""
                            select * from user_account
                             where school_id = ? and id = any (?) and removed_at is not null and erased_at is null
                               and not enabled
                             order by id for update""")
                    .params(schoolId, userIds.toArray(UUID[]::new)).query(fields::user).list();
            targets.forEach(target -> eraseChecked(schoolId, sweep, target, null));
            return targets;
        });
        erased.forEach(sessions::endAll);
        return erased.stream().map(CustodianUser::id).toList();
    }

    private CustodianUser checked(CustodianUser actor, UUID userId) {
        UUID school = school(actor);
        List<UUID> admins = jdbc.sql("""
                        select id from user_account
                         where school_id = ? and role = 'SCHOOL_ADMIN' and enabled and removed_at is null
                           and not invitation_pending
                         order by id for update""")
                .param(school).query(UUID.class).list();
        CustodianUser target = jdbc.sql("select * from user_account where id = ? and school_id = ? and erased_at is null")
                .params(userId, school).query(fields::user).optional()
                .orElseThrow(() -> ProblemException.notFound("user-not-found", "There is no such account at your school."));
        if (actor.id().equals(target.id())) {
            throw ProblemException.conflict("cannot-erase-own-account",
                    "You cannot request or confirm the erasure of your own account. Ask another school admin or the DPO.");
        }
        if (admins.contains(target.id()) && admins.size() <= 1) {
            throw ProblemException.conflict("last-school-admin",
                    "Your school must keep at least one enabled school admin. Make someone else a school admin first.");
        }
        return target;
    }

    private void log(UUID school, CustodianUser actor, UUID userId) {
        var request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? a.getRequest() : null;
        accessLog.record(new StaffAccess(school, actor, Kind.UPDATE, List.of(userId), List.of(ERASED),
                request == null ? null : RequestIds.of(request), request == null ? null : ClientAddress.of(request)));
    }

    private static UUID school(CustodianUser actor) {
        if (actor.schoolId() == null) {
            throw ProblemException.forbidden("forbidden", "You are not allowed to do this.");
        }
        return actor.schoolId();
    }
}
