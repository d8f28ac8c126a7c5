package org.custodian.supportaccess.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.UserAccounts;
import org.custodian.pupils.OptionalCategory;
import org.custodian.supportaccess.internal.SupportGrant.Mode;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The consents schools give to support: the one class that reads and writes {@code support_grant}. */
@Component
class SupportGrants {

    static final int MAX_REASON = 1000;

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final UserAccounts accounts;
    private final SupportAccessProperties properties;
    private final Clock clock;

    SupportGrants(JdbcClient jdbc, Tenancy tenancy, UserAccounts accounts, SupportAccessProperties properties,
                  Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.accounts = accounts;
        this.properties = properties;
        this.clock = clock;
    }

    /** What a school admin asks for; {@code hours} is how long from now, {@code engineerId} null for anyone in support. */
    record NewGrant(String mode, List<String> categories, String reason, Integer hours, UUID engineerId) {

        @Override
        public String toString() {
            return "NewGrant[mode=" + mode + ", hours=" + hours + "]";
        }
    }

    /**
     * The time, to the microsecond: what PostgreSQL and the access log keep. A finer instant would be
     * rounded on its way to the database and compare differently there than here.
     */
    Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    long maxHours() {
        return properties.maxDuration().toHours();
    }

    /**
     * Records the consent. Only a school admin of the school gives it ({@code school-admin-only});
     * longer than the limit is {@code support-consent-too-long}; anything else wrong is
     * {@code validation-failed} with one error per field. Nothing is written when refused.
     */
    SupportGrant grant(CustodianUser admin, NewGrant request) {
        if (admin.role() != Role.SCHOOL_ADMIN || admin.schoolId() == null) {
            throw ProblemException.forbidden("school-admin-only",
                    "Only one of the school's admins can give support access to its data.");
        }
        if (request.hours() != null && request.hours() > maxHours()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "support-consent-too-long",
                    "Support access can be given for at most " + maxHours() + " hours at a time.",
                    List.of(error("hours", "invalid-hours", "Enter a number of hours from 1 to " + maxHours() + ".")));
        }
        List<Map<String, String>> errors = new ArrayList<>();
        Mode mode = null;
        try {
            mode = request.mode() == null ? null : Mode.valueOf(request.mode().strip());
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (mode == null) {
            errors.add(error("mode", "invalid-choice", "Choose whether support may only read, or also change, records."));
        }
        Set<OptionalCategory> categories = EnumSet.noneOf(OptionalCategory.class);
        for (String name : request.categories() == null ? List.<String>of() : request.categories()) {
            try {
                categories.add(OptionalCategory.valueOf(name.strip()));
            } catch (IllegalArgumentException | NullPointerException e) {
                errors.add(error("categories", "unknown-category", "Choose categories from the list."));
                break;
            }
        }
        String reason = request.reason() == null ? "" : request.reason().strip();
        String reasonRule = "Say why support needs access, in at most " + MAX_REASON + " characters.";
        if (reason.isEmpty()) {
            errors.add(error("reason", "required", reasonRule));
        } else if (reason.length() > MAX_REASON) {
            errors.add(error("reason", "invalid-format", reasonRule));
        }
        String hoursRule = "Enter a number of hours from 1 to " + maxHours() + ".";
        if (request.hours() == null) {
            errors.add(error("hours", "required", hoursRule));
        } else if (request.hours() < 1) {
            errors.add(error("hours", "invalid-hours", hoursRule));
        }
        if (request.engineerId() != null && !accounts.supportEngineers().containsKey(request.engineerId())) {
            errors.add(error("engineerId", "unknown-engineer", "Choose a support engineer from the list, or anyone."));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "validation-failed", "The request has invalid fields.",
                    errors);
        }
        UUID school = admin.schoolId();
        Instant now = now();
        SupportGrant grant = new SupportGrant(school, UUID.randomUUID(), mode, categories, reason,
                request.engineerId(), admin.id(), null, now, now.plus(Duration.ofHours(request.hours())), null, null);
        tenancy.inSchool(school, () -> jdbc.sql("""
                        insert into support_grant (school_id, id, mode, categories, reason, engineer_id, granted_by,
                                                   granted_at, expires_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(school, grant.id(), grant.mode().name(),
                        grant.categories().stream().map(Enum::name).sorted().toArray(String[]::new), reason,
                        grant.engineerId(), admin.id(), Timestamp.from(now), Timestamp.from(grant.expiresAt()))
                .update());
        return grant;
    }

    /** The school's grants, newest first. */
    List<SupportGrant> list(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql(
                        "select * from support_grant where school_id = ? order by granted_at desc, id")
                .param(schoolId).query(SupportGrants::map).list());
    }

    Optional<SupportGrant> find(UUID schoolId, UUID id) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("select * from support_grant where school_id = ? and id = ?")
                .params(schoolId, id).query(SupportGrants::map).optional());
    }

    /**
     * Ends a live grant now: the next support request is refused. Another school's grant answers like
     * an unknown one ({@code support-grant-not-found}); one already ended is {@code support-grant-ended}.
     */
    SupportGrant revoke(CustodianUser admin, UUID id) {
        if (admin.role() != Role.SCHOOL_ADMIN || admin.schoolId() == null) {
            throw ProblemException.forbidden("school-admin-only",
                    "Only one of the school's admins can revoke support access.");
        }
        UUID school = admin.schoolId();
        Instant now = now();
        return tenancy.inSchool(school, () -> {
            SupportGrant grant = jdbc.sql("select * from support_grant where school_id = ? and id = ? for update")
                    .params(school, id).query(SupportGrants::map).optional()
                    .orElseThrow(() -> ProblemException.notFound("support-grant-not-found",
                            "Your school has no such support access."));
            if (!grant.liveAt(now)) {
                throw ProblemException.conflict("support-grant-ended", "That support access has already ended.");
            }
            jdbc.sql("update support_grant set revoked_at = ?, revoked_by = ? where school_id = ? and id = ?")
                    .params(Timestamp.from(now), admin.id(), school, id).update();
            return jdbc.sql("select * from support_grant where school_id = ? and id = ?")
                    .params(school, id).query(SupportGrants::map).single();
        });
    }

    /** The school's live grants, in the caller's transaction (the school in scope): read on every support access. */
    List<SupportGrant> liveInScope(UUID schoolId, Instant now) {
        return jdbc.sql("""
                        select * from support_grant
                         where school_id = ? and revoked_at is null and expires_at > ? order by granted_at""")
                .params(schoolId, Timestamp.from(now)).query(SupportGrants::map).list();
    }

    /** Every school's live grants that let {@code engineerId} in, soonest ending first. */
    List<SupportGrant> liveFor(UUID engineerId, Instant now) {
        return tenancy.asPlatform(() -> jdbc.sql("""
                        select * from support_grant
                         where revoked_at is null and expires_at > ? and (engineer_id is null or engineer_id = ?)
                         order by expires_at, school_id, id""")
                .params(Timestamp.from(now), engineerId).query(SupportGrants::map).list());
    }

    /** Grants that have ended (expired or revoked) and whose summary has not been sent. */
    List<SupportGrant> endedUnsummarised(Instant now) {
        return tenancy.asPlatform(() -> jdbc.sql("""
                        select * from support_grant
                         where summary_sent_at is null and (revoked_at is not null or expires_at <= ?)
                         order by expires_at limit 500""")
                .param(Timestamp.from(now)).query(SupportGrants::map).list());
    }

    /** Claims the sending of the ended grant's summary; true for exactly one caller, whichever instance. */
    boolean claimSummary(SupportGrant grant, Instant now) {
        return tenancy.inSchool(grant.schoolId(), () -> jdbc.sql("""
                        update support_grant set summary_sent_at = ?
                         where school_id = ? and id = ? and summary_sent_at is null
                           and (revoked_at is not null or expires_at <= ?)""")
                .params(Timestamp.from(now), grant.schoolId(), grant.id(), Timestamp.from(now)).update()) == 1;
    }

    private static Map<String, String> error(String field, String code, String message) {
        return Map.of("field", field, "code", code, "message", message);
    }

    static SupportGrant map(ResultSet rs, int n) throws SQLException {
        Set<OptionalCategory> categories = EnumSet.noneOf(OptionalCategory.class);
        for (String name : (String[]) rs.getArray("categories").getArray()) {
            categories.add(OptionalCategory.valueOf(name));
        }
        return new SupportGrant(rs.getObject("school_id", UUID.class), rs.getObject("id", UUID.class),
                Mode.valueOf(rs.getString("mode")), categories, rs.getString("reason"),
                rs.getObject("engineer_id", UUID.class), rs.getObject("granted_by", UUID.class),
                rs.getObject("revoked_by", UUID.class), instant(rs, "granted_at"), instant(rs, "expires_at"),
                instant(rs, "revoked_at"), instant(rs, "summary_sent_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
