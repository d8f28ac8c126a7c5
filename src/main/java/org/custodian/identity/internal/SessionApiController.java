package org.custodian.identity.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresEitherPermission;
import org.custodian.identity.internal.SessionAdministration.Scope;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The sessions pages as an API: a school admin's scope is their school, the operator's everyone. */
@RestController
@RequestMapping("/api/v1/sessions")
class SessionApiController {

    private final SessionAdministration sessions;

    SessionApiController(SessionAdministration sessions) {
        this.sessions = sessions;
    }

    @GetMapping
    @RequiresEitherPermission(value = Permission.SCHOOL_SESSIONS, or = Permission.ALL_SESSIONS)
    List<SignedInSession> list(@AuthenticationPrincipal CustodianUser actor, HttpServletRequest request) {
        return sessions.list(Scope.of(actor), SessionPageController.currentSessionId(request));
    }

    @DeleteMapping("/{id}")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @RequiresEitherPermission(value = Permission.SCHOOL_SESSIONS, or = Permission.ALL_SESSIONS)
    ResponseEntity<Void> revoke(@PathVariable UUID id, @AuthenticationPrincipal CustodianUser actor,
                                HttpServletRequest request) {
        SessionPageController.endedOwnSession(
                sessions.revoke(Scope.of(actor), id, actor, SessionPageController.currentSessionId(request)), request);
        return ResponseEntity.noContent().build();
    }

    /** {@code DELETE /api/v1/sessions?user={id}}: every session of one person. */
    @DeleteMapping(params = "user")
    @Operation(summary = "Revoke every session of one person")
    @RequiresEitherPermission(value = Permission.SCHOOL_SESSIONS, or = Permission.ALL_SESSIONS)
    Map<String, Integer> revokeAllOf(@RequestParam("user") UUID userId, @AuthenticationPrincipal CustodianUser actor,
                                     HttpServletRequest request) {
        var revoked = sessions.revokeAllOf(Scope.of(actor), userId, actor,
                SessionPageController.currentSessionId(request));
        SessionPageController.endedOwnSession(revoked, request);
        return Map.of("revoked", revoked.count());
    }
}
