package org.custodian.identity.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.Role;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;

/**
 * Who is signed in now, and ending their sessions. Sessions live in Spring Session's tables, which
 * belong to no school: they are reached through {@code user_account} (sessions are indexed by user
 * id), whose row-level security limits a school admin to their own school's people. A session is
 * named by its row's primary id, never by its session id: that is the cookie's secret. The store
 * holds only the id's hash ({@link StoredSessionIds}); {@code currentSessionId} is that hash too.
 */
@Service
class SessionAdministration {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final FindByIndexNameSessionRepository<? extends Session> repository;
    private final JdbcUserAccounts accounts;
    private final SecurityEvents events;
    private final AccountFields fields;

    SessionAdministration(JdbcClient jdbc, Tenancy tenancy, FindByIndexNameSessionRepository<? extends Session> repository,
                          JdbcUserAccounts accounts, SecurityEvents events, AccountFields fields) {
        this.fields = fields;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.repository = repository;
        this.accounts = accounts;
        this.events = events;
    }

    /** Fully signed-in sessions in scope (half-finished sign-ins are not listed), by person. */
    List<SignedInSession> list(Scope scope, String currentSessionId) {
        Map<UUID, Map<String, ? extends Session>> byUser = new HashMap<>();
        List<SignedInSession> sessions = new ArrayList<>();
        for (Row row : rows(scope, "", List.of())) {
            Session session = byUser.computeIfAbsent(row.userId(),
                    id -> repository.findByPrincipalName(id.toString())).get(row.sessionId());
            Instant signedInAt = session == null ? null : SignedInSessions.signedInAt(session);
            if (signedInAt != null) {
                String userAgent = session.getAttribute(SignedInSessions.USER_AGENT);
                sessions.add(new SignedInSession(row.handle(), row.userId(), row.schoolId(), row.displayName(),
                        row.role(), signedInAt, session.getLastAccessedTime(),
                        session.getAttribute(SignedInSessions.SOURCE_IP), SignedInSession.browser(userAgent),
                        userAgent, row.sessionId().equals(currentSessionId)));
            }
        }
        sessions.sort(Comparator.comparing(SignedInSession::displayName, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(SignedInSession::signedInAt));
        return sessions;
    }

    /** Ends one session at its next request; outside the scope it does not exist (404). */
    Revoked revoke(Scope scope, UUID handle, CustodianUser actor, String currentSessionId) {
        Row row = rows(scope, " and s.primary_id = ?", List.of(handle.toString())).stream().findFirst()
                .orElseThrow(() -> ProblemException.notFound("session-not-found", "There is no session with that id."));
        return end(List.of(row.sessionId()), row.userId(), actor, currentSessionId, "single");
    }

    /** Ends every session of one person, half-finished sign-ins included; another school's person is unknown (404). */
    Revoked revokeAllOf(Scope scope, UUID userId, CustodianUser actor, String currentSessionId) {
        boolean inScope = scope.run(tenancy, () -> jdbc.sql("select count(*) from user_account u where true"
                        + scope.condition() + " and u.id = ?")
                .params(scope.parameters(List.of(userId))).query(Long.class).single() > 0);
        if (!inScope) {
            throw ProblemException.notFound("user-not-found", "There is no user with that id.");
        }
        return end(List.copyOf(repository.findByPrincipalName(userId.toString()).keySet()), userId, actor,
                currentSessionId, "all");
    }

    /**
     * Ends every session of a school's people, half-finished sign-ins included, in the caller's
     * transaction (one statement: the session store's own transactions would commit on their own,
     * on a second connection). Each person whose sessions ended gets one security event.
     */
    int endAllOfSchool(UUID schoolId, CustodianUser actor, String reason) {
        List<UUID> ended = tenancy.asPlatform(() -> jdbc.sql("""
                        delete from spring_session
                         where principal_name in (select id::text from user_account where school_id = ?)
                        returning principal_name""")
                .param(schoolId)
                .query((r, n) -> UUID.fromString(r.getString(1).strip()))
                .list());
        ended.stream().distinct().forEach(userId -> accounts.findById(userId).ifPresent(
                subject -> events.record(SecurityEventType.SESSION_REVOKED, subject, actor, reason)));
        return ended.size();
    }

    /**
     * Deleting a session from the repository ends it at its next request. The caller's own session
     * is left to the caller to invalidate, so this request does not write it back afterwards.
     */
    private Revoked end(List<String> sessionIds, UUID userId, CustodianUser actor, String currentSessionId,
                        String detail) {
        CustodianUser subject = accounts.findById(userId).orElseThrow();
        boolean current = false;
        for (String sessionId : sessionIds) {
            if (sessionId.equals(currentSessionId)) {
                current = true;
            } else {
                repository.deleteById(sessionId);
            }
            events.record(SecurityEventType.SESSION_REVOKED, subject, actor, detail);
        }
        return new Revoked(sessionIds.size(), current);
    }

    private List<Row> rows(Scope scope, String condition, List<Object> parameters) {
        return scope.run(tenancy, () -> jdbc.sql("""
                        select s.primary_id, s.session_id, u.id, u.school_id, u.display_name_ciphertext, u.role
                          from spring_session s join user_account u on s.principal_name = u.id::text
                         where true""" + scope.condition() + condition)
                .params(scope.parameters(parameters))
                .query((r, n) -> new Row(UUID.fromString(r.getString(1).strip()), r.getString(2).strip(),
                        r.getObject(3, UUID.class), r.getObject(4, UUID.class), fields.displayName(r),
                        Role.valueOf(r.getString(6))))
                .list());
    }

    /** Whose sessions an operation covers: one school's people, or (no school) everyone on the platform. */
    record Scope(UUID schoolId) {

        static Scope platform() {
            return new Scope(null);
        }

        static Scope school(UUID schoolId) {
            return new Scope(Objects.requireNonNull(schoolId, "a school scope needs a school"));
        }

        /** The widest scope the actor's permissions allow. */
        static Scope of(CustodianUser actor) {
            return actor.has(Permission.ALL_SESSIONS) ? platform() : school(actor.schoolId());
        }

        <T> T run(Tenancy tenancy, Supplier<T> work) {
            return schoolId == null ? tenancy.asPlatform(work) : tenancy.inSchool(schoolId, work);
        }

        /**
         * Row-level security already limits a school scope; the condition says so in the query too.
         * It comes first after {@code where}, so its parameter leads (see {@link #parameters}).
         */
        String condition() {
            return schoolId == null ? "" : " and u.school_id = ?";
        }

        List<Object> parameters(List<Object> others) {
            List<Object> all = new ArrayList<>(others);
            if (schoolId != null) {
                all.add(0, schoolId);
            }
            return all;
        }
    }

    record Revoked(int count, boolean includedCurrent) {
    }

    private record Row(UUID handle, String sessionId, UUID userId, UUID schoolId, String displayName, Role role) {
        @Override
        public String toString() {
            return "Row[handle=" + handle + ", userId=" + userId + ", schoolId=" + schoolId + ", role=" + role + "]";
        }
    }
}
