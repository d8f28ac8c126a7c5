package org.custodian.identity.internal;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.identity.StaffAccounts;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** A school's accounts, always read and changed in that school's scope. */
@Service
class JdbcStaffAccounts implements StaffAccounts {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final SecurityEvents events;
    private final UserSessions sessions;
    private final AccountFields fields;

    JdbcStaffAccounts(JdbcClient jdbc, Tenancy tenancy, SecurityEvents events, UserSessions sessions,
                      AccountFields fields) {
        this.fields = fields;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.events = events;
        this.sessions = sessions;
    }

    @Override
    public List<StaffAccount> of(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("select " + AccountFields.COLUMNS + """
                        , role, enabled, created_at, last_sign_in_at
                          from user_account where school_id = ? and removed_at is null""")
                .param(schoolId)
                .query((row, n) -> new StaffAccount(row.getObject("id", UUID.class), fields.displayName(row),
                        fields.username(row), Role.valueOf(row.getString("role")), row.getBoolean("enabled"),
                        row.getTimestamp("created_at").toInstant(), instant(row.getTimestamp("last_sign_in_at"))))
                .list()
                .stream()
                .sorted(AccountFields.byName(StaffAccount::displayName, StaffAccount::id))
                .toList());
    }

    @Override
    public java.util.Map<UUID, String> displayNames(UUID schoolId, java.util.Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<UUID, String> names = new java.util.HashMap<>();
        tenancy.inSchool(schoolId, () -> jdbc.sql("select " + AccountFields.COLUMNS
                        + " from user_account where school_id = ? and removed_at is null and id = any (?)")
                .params(schoolId, userIds.toArray(UUID[]::new))
                .query((row, n) -> names.put(row.getObject("id", UUID.class), fields.displayName(row)))
                .list());
        return names;
    }

    @Override
    public java.util.Set<UUID> erased(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> java.util.Set.copyOf(jdbc.sql(
                        "select id from user_account where school_id = ? and erased_at is not null")
                .param(schoolId).query(UUID.class).list()));
    }

    @Override
    public boolean disable(UUID schoolId, UUID userId, CustodianUser actor, String detail) {
        CustodianUser disabled = tenancy.inSchool(schoolId, () -> {
            CustodianUser subject = jdbc.sql("select * from user_account where id = ? and school_id = ? and removed_at is null for update")
                    .params(userId, schoolId)
                    .query(fields::user).optional()
                    .orElseThrow(() -> ProblemException.notFound("user-not-found", "There is no user with that id."));
            if (!subject.isEnabled()) {
                return null;
            }
            jdbc.sql("update user_account set enabled = false where id = ?").param(userId).update();
            events.record(SecurityEventType.USER_DISABLED, subject, actor, detail);
            return subject;
        });
        if (disabled == null) {
            return false;
        }
        // A disabled account keeps no session: whoever is signed in as it is signed out now.
        sessions.endAll(disabled);
        return true;
    }

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
