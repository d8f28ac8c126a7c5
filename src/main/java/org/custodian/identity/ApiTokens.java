package org.custodian.identity;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A school's API tokens for its MIS partner. A school admin (permission
 * {@link Permission#API_TOKENS_MANAGE}) issues and revokes them for their own school only; the
 * secret is returned once, at issue, and only its hash is stored. A request carrying a valid token
 * acts as {@link Role#MIS_CONNECTOR} for the token's school, within its scopes.
 */
public interface ApiTokens {

    /**
     * Issues a token for the admin's school. Refuses with {@code validation-failed} (label 1–80
     * characters, expiry in the future and within the allowed maximum) or {@code unknown-scope}.
     *
     * @param expiresAt when the token stops working, or null for the default lifetime (every token expires)
     */
    IssuedToken issue(CustodianUser admin, String label, Set<String> scopes, Instant expiresAt);

    /** The school's tokens, newest first, revoked ones included: never a secret or hash. */
    List<ApiToken> list(UUID schoolId);

    /**
     * Revokes a token of the admin's own school; a token of another school answers like an unknown
     * one ({@code api-token-not-found}). Revoking a revoked token changes nothing.
     */
    ApiToken revoke(CustodianUser admin, UUID tokenId);
}
