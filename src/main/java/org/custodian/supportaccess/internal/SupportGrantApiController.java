package org.custodian.supportaccess.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
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

/** The school's consents to support as JSON, for its admins: list, give, revoke. */
@RestController
@RequestMapping("/api/v1/support-grants")
@RequiresPermission(Permission.SUPPORT_CONSENT)
class SupportGrantApiController {

    private final SupportGrants grants;
    private final GrantSummaries summaries;

    SupportGrantApiController(SupportGrants grants, GrantSummaries summaries) {
        this.grants = grants;
        this.summaries = summaries;
    }

    @GetMapping
    List<GrantView> list(@AuthenticationPrincipal CustodianUser admin) {
        Instant now = grants.now();
        return grants.list(admin.ownSchoolId()).stream().map(grant -> GrantView.of(grant, now)).toList();
    }

    @PostMapping
    ResponseEntity<GrantView> grant(@AuthenticationPrincipal CustodianUser admin,
                                    @RequestBody SupportGrants.NewGrant request) {
        SupportGrant grant = grants.grant(admin, request);
        var location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(grant.id()).toUri();
        return ResponseEntity.created(location).body(GrantView.of(grant, grants.now()));
    }

    /** Revokes the grant at once and sends its summary. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal CustodianUser admin, @PathVariable UUID id) {
        summaries.summarise(grants.revoke(admin, id));
        return ResponseEntity.noContent().build();
    }

    record GrantView(UUID id, String mode, List<String> categories, String reason, UUID engineerId, UUID grantedBy,
                     Instant grantedAt, Instant expiresAt, Instant revokedAt, UUID revokedBy, String status) {

        static GrantView of(SupportGrant grant, Instant now) {
            return new GrantView(grant.id(), grant.mode().name(),
                    grant.categories().stream().map(Enum::name).toList(), grant.reason(), grant.engineerId(),
                    grant.grantedBy(), grant.grantedAt(), grant.expiresAt(), grant.revokedAt(), grant.revokedBy(),
                    grant.status(now));
        }

        @Override
        public String toString() {
            return "GrantView[id=" + id + "]";
        }
    }
}
