package org.custodian.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.identity.ApiToken;
import org.custodian.identity.ApiTokens;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.IssuedToken;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.web.ProblemException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The school's API tokens as JSON, for its admin: the secret appears once, in the answer to the POST. */
@RestController
@RequestMapping("/api/v1/api-tokens")
@RequiresPermission(Permission.API_TOKENS_MANAGE)
class ApiTokenApiController {

    private final ApiTokens tokens;
    private final Clock clock;

    ApiTokenApiController(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @GetMapping
    List<TokenView> list(@AuthenticationPrincipal CustodianUser admin) {
        Instant now = clock.instant();
        return tokens.list(admin.ownSchoolId()).stream().map(token -> TokenView.of(token, now)).toList();
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "Created: the secret is shown in this answer only")
    ResponseEntity<CreatedView> create(@AuthenticationPrincipal CustodianUser admin,
                                       @RequestBody CreateRequest request) {
        Instant expiresAt = expiry(request.expiresInDays(), clock.instant());
        IssuedToken issued = tokens.issue(admin, request.label(),
                request.scopes() == null ? Set.of() : new LinkedHashSet<>(request.scopes()), expiresAt);
        var location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}")
                .buildAndExpand(issued.token().id()).toUri();
        return ResponseEntity.created(location).cacheControl(CacheControl.noStore())
                .body(new CreatedView(TokenView.of(issued.token(), clock.instant()), issued.secret()));
    }

    @DeleteMapping("/{id}")
    @ApiResponse(responseCode = "204", description = "Revoked")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal CustodianUser admin, @PathVariable UUID id) {
        tokens.revoke(admin, id);
        return ResponseEntity.noContent().build();
    }

    /** Days from now, or none; 0 or fewer days is refused by the same rule as any other bad expiry. */
    static Instant expiry(Integer days, Instant now) {
        if (days == null) {
            return null;
        }
        if (days <= 0) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "validation-failed", "The request has invalid fields.",
                    List.of(Map.of("field", "expiresInDays", "code", "invalid-expiry",
                            "message", "The expiry must be at least 1 day from now.")));
        }
        // Capped so a huge number cannot overflow the date; the service then refuses it as too far ahead.
        return now.plus(Duration.ofDays(Math.min(days, 100_000)));
    }

    record CreateRequest(String label, List<String> scopes, Integer expiresInDays) {
    }

    /** One token as listed: no secret and no hash. */
    record TokenView(UUID id, String label, List<String> scopes, String prefix, String status, Instant createdAt,
                     UUID createdBy, Instant lastUsedAt, Instant expiresAt, Instant revokedAt, UUID revokedBy) {

        static TokenView of(ApiToken token, Instant now) {
            return new TokenView(token.id(), token.label(), token.scopes(), token.prefix(), token.status(now),
                    token.createdAt(), token.createdBy(), token.lastUsedAt(), token.expiresAt(), token.revokedAt(),
                    token.revokedBy());
        }
    }

    /** The answer to a POST: the token and, this once, its secret. */
    record CreatedView(TokenView token, String secret) {

        @Override
        public String toString() {
            return "CreatedView[id=" + token.id() + "]";
        }
    }
}
