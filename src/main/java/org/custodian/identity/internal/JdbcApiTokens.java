package org.custodian.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.custodian.identity.ApiToken;
import org.custodian.identity.ApiTokenScope;
import org.custodian.identity.ApiTokens;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.IssuedToken;
import org.custodian.identity.Permission;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * API tokens in table {@code api_token}. A secret is {@code cst_} and 32 random bytes in base64url
 * (43 characters). Only its SHA-256 hash is stored: with 256 random bits there is nothing to guess
 * or brute-force, so a slow password hash would add cost on every request and no protection, and a
 * plain hash still makes a copy of the database useless for calling the API. The hash is also the
 * lookup key (unique index), so no secret is ever compared in Java.
 */
@Service
@EnableConfigurationProperties(ApiTokenProperties.class)
class JdbcApiTokens implements ApiTokens {

    static final String PREFIX = "cst_";
    static final int MAX_LABEL = 80;
    private static final int SECRET_BYTES = 32;
    private static final int DISPLAYED_PREFIX = 8;
    private static final Pattern SECRET = Pattern.compile("cst_[A-Za-z0-9_-]{43}");

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final SecurityEvents events;
    private final ApiTokenProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    JdbcApiTokens(JdbcClient jdbc, Tenancy tenancy, SecurityEvents events, ApiTokenProperties properties,
                  Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public IssuedToken issue(CustodianUser admin, String label, Set<String> scopes, Instant requestedExpiry) {
        UUID school = mayManage(admin);
        Instant now = clock.instant();
        Instant expiresAt = requestedExpiry != null ? requestedExpiry : now.plus(properties.defaultLifetime());
        String cleanLabel = validate(label, scopes, expiresAt, now);
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        List<String> scopeList = scopes.stream().sorted().toList();
        ApiToken token = new ApiToken(UUID.randomUUID(), cleanLabel, scopeList, secret.substring(0, DISPLAYED_PREFIX),
                now, admin.id(), expiresAt, null, null, null);
        tenancy.inSchool(school, () -> {
            jdbc.sql("""
                    insert into api_token (school_id, id, label, scopes, token_hash, token_prefix, created_by,
                                           created_at, expires_at)
                    values (?, ?, ?, ?::text[], ?, ?, ?, ?, ?)""")
                    .params(school, token.id(), token.label(), scopeList.toArray(String[]::new), hash(secret),
                            token.prefix(), admin.id(), Timestamp.from(now), timestamp(expiresAt))
                    .update();
            events.record(SecurityEventType.API_TOKEN_ISSUED, principalOf(school, token), admin, detail(token));
        });
        return new IssuedToken(token, secret);
    }

    @Override
    public List<ApiToken> list(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql(
                        "select * from api_token where school_id = ? order by created_at desc, id")
                .param(schoolId).query(JdbcApiTokens::token).list());
    }

    @Override
    public ApiToken revoke(CustodianUser admin, UUID tokenId) {
        UUID school = mayManage(admin);
        Instant now = clock.instant();
        return tenancy.inSchool(school, () -> {
            int revoked = jdbc.sql("""
                    update api_token set revoked_at = ?, revoked_by = ?
                    where school_id = ? and id = ? and revoked_at is null""")
                    .params(Timestamp.from(now), admin.id(), school, tokenId).update();
            ApiToken token = find(school, tokenId).orElseThrow(() -> ProblemException.notFound("api-token-not-found",
                    "There is no such API token at your school."));
            if (revoked > 0) {
                events.record(SecurityEventType.API_TOKEN_REVOKED, principalOf(school, token), admin, detail(token));
            }
            return token;
        });
    }

    /**
     * Revokes every token of a school that is closing, in the caller's transaction. {@code actor} is
     * the platform admin closing it, or null for the system (then no account is named as revoker).
     */
    int revokeAllOf(UUID school, CustodianUser actor, String reason) {
        Instant now = clock.instant();
        return tenancy.inSchool(school, () -> {
            List<ApiToken> revoked = jdbc.sql("""
                            update api_token set revoked_at = ?, revoked_by = ?
                            where school_id = ? and revoked_at is null
                            returning *""")
                    .params(Timestamp.from(now), actor == null ? null : actor.id(), school)
                    .query(JdbcApiTokens::token).list();
            revoked.forEach(token -> events.record(SecurityEventType.API_TOKEN_REVOKED, principalOf(school, token),
                    actor, detail(token) + " " + reason));
            return revoked.size();
        });
    }

    /**
     * The principal a presented secret stands for, while its token is neither revoked nor expired.
     * Unknown, malformed, revoked and expired secrets all answer empty. The lookup runs in the
     * platform scope because the school is not known until the token is found (as at sign-in).
     */
    Optional<CustodianUser> authenticate(String secret) {
        if (secret == null || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        byte[] hash = hash(secret);
        Instant now = clock.instant();
        return tenancy.asPlatform(() -> {
            Optional<Found> found = jdbc.sql("select * from api_token where token_hash = ?").param(hash)
                    .query((rs, n) -> new Found(rs.getObject("school_id", UUID.class), token(rs, n)))
                    .optional()
                    .filter(f -> f.token().isActive(now));
            found.ifPresent(f -> touch(f, now));
            return found.map(f -> principalOf(f.school(), f.token()));
        });
    }

    /** Records use, at most once per {@code lastUsedResolution} per token (no write on most requests). */
    private void touch(Found found, Instant now) {
        Instant last = found.token().lastUsedAt();
        if (last == null || !now.isBefore(last.plus(properties.lastUsedResolution()))) {
            jdbc.sql("""
                    update api_token set last_used_at = ?
                    where school_id = ? and id = ? and (last_used_at is null or last_used_at < ?)""")
                    .params(Timestamp.from(now), found.school(), found.token().id(),
                            Timestamp.from(now.minus(properties.lastUsedResolution())))
                    .update();
        }
    }

    private Optional<ApiToken> find(UUID school, UUID tokenId) {
        return jdbc.sql("select * from api_token where school_id = ? and id = ?").params(school, tokenId)
                .query(JdbcApiTokens::token).optional();
    }

    private static UUID mayManage(CustodianUser admin) {
        if (admin == null || !admin.has(Permission.API_TOKENS_MANAGE)) {
            throw ProblemException.forbidden("forbidden", "You are not allowed to do this.");
        }
        return admin.ownSchoolId();
    }

    /** Returns the trimmed label; the checks name the field and rule, never the value. */
    private String validate(String label, Set<String> scopes, Instant expiresAt, Instant now) {
        String clean = label == null ? "" : label.strip();
        List<Map<String, String>> errors = new ArrayList<>();
        if (clean.isEmpty() || clean.length() > MAX_LABEL || clean.chars().anyMatch(Character::isISOControl)) {
            errors.add(error("label", "invalid-label", "Give the token a name of 1 to " + MAX_LABEL + " characters."));
        }
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(properties.maxLifetime()))) {
            errors.add(error("expiresInDays", "invalid-expiry", "The expiry must be between 1 and "
                    + properties.maxLifetime().toDays() + " days from now."));
        }
        if (scopes == null || scopes.isEmpty()) {
            errors.add(error("scopes", "scope-required", "Choose at least one scope."));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "validation-failed", "The request has invalid fields.",
                    errors);
        }
        if (!scopes.stream().allMatch(scope -> ApiTokenScope.of(scope).isPresent())) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "unknown-scope",
                    "Scopes must be among: " + Arrays.stream(ApiTokenScope.values()).map(ApiTokenScope::code).toList()
                            + ".", List.of(error("scopes", "unknown-scope", "Choose a known scope.")));
        }
        return clean;
    }

    int defaultLifetimeDays() {
        return (int) properties.defaultLifetime().toDays();
    }

    int expiryNoticeDays() {
        return (int) properties.expiryNotice().toDays();
    }

    int maxLifetimeDays() {
        return (int) properties.maxLifetime().toDays();
    }

    private static Map<String, String> error(String field, String code, String message) {
        return Map.of("field", field, "code", code, "message", message);
    }

    private static CustodianUser principalOf(UUID school, ApiToken token) {
        return CustodianUser.apiToken(token.id(), school, token.label(), new LinkedHashSet<>(token.scopes()));
    }

    /** A code-like note for the security events page: the token's visible prefix and scopes. */
    private static String detail(ApiToken token) {
        return token.prefix() + " scopes=" + String.join(",", token.scopes());
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static ApiToken token(ResultSet rs, int row) throws SQLException {
        Array scopes = rs.getArray("scopes");
        return new ApiToken(rs.getObject("id", UUID.class), rs.getString("label"),
                Arrays.stream((Object[]) scopes.getArray()).map(String::valueOf).toList(),
                rs.getString("token_prefix"), instant(rs, "created_at"), rs.getObject("created_by", UUID.class),
                instant(rs, "expires_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at"),
                rs.getObject("revoked_by", UUID.class));
    }

    private record Found(UUID school, ApiToken token) {
    }
}
