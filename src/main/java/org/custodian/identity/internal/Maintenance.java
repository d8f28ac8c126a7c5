package org.custodian.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The platform's maintenance switches (one row of {@code platform_maintenance}): a banner shown on
 * every page while it is set, and a block on new sign-ins that spares those who can lift it.
 * Templates read it as {@code ${@maintenance...}}.
 */
@Component("maintenance")
class Maintenance {

    static final int MAX_BANNER_LENGTH = 500;
    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Clock clock;

    Maintenance(JdbcClient jdbc, Tenancy tenancy, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.clock = clock;
    }

    /** Everyone may read the settings (the banner shows on the sign-in page too). */
    Settings settings() {
        return jdbc.sql("select banner_message, sign_in_blocked, changed_at, changed_by from platform_maintenance")
                .query((row, n) -> new Settings(row.getString(1), row.getBoolean(2),
                        row.getTimestamp(3) == null ? null : row.getTimestamp(3).toInstant(),
                        row.getObject(4, UUID.class)))
                .optional().orElse(Settings.NONE);
    }

    /** The banner for the layout, or null. A page must still render when the database does not answer. */
    public String banner() {
        try {
            return settings().bannerMessage();
        } catch (DataAccessException e) {
            log.warn("Could not read the maintenance banner: {}", e.getClass().getSimpleName());
            return null;
        }
    }

    public boolean signInBlocked() {
        return settings().signInBlocked();
    }

    /** Sets both switches; an empty message removes the banner. Only the platform scope may write the row. */
    Settings change(String bannerMessage, boolean blockSignIn, CustodianUser actor) {
        String message = bannerMessage == null || bannerMessage.isBlank() ? null : bannerMessage.strip();
        if (message != null && message.length() > MAX_BANNER_LENGTH) {
            throw ProblemException.badRequest("banner-too-long",
                    "The banner message must be " + MAX_BANNER_LENGTH + " characters or fewer.");
        }
        if (message != null && message.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r')) {
            throw ProblemException.badRequest("banner-invalid", "The banner message must not contain control characters.");
        }
        Instant now = clock.instant();
        tenancy.asPlatform(() -> jdbc.sql("""
                        update platform_maintenance set banner_message = ?, sign_in_blocked = ?, changed_at = ?,
                               changed_by = ?""")
                .params(message, blockSignIn, Timestamp.from(now), actor.id())
                .update());
        return new Settings(message, blockSignIn, now, actor.id());
    }

    record Settings(String bannerMessage, boolean signInBlocked, Instant changedAt, UUID changedBy) {

        static final Settings NONE = new Settings(null, false, null, null);
    }
}
