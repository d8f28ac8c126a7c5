package org.custodian.identity.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.Role;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Manage Users as JSON: the same rules and refusal codes as the pages. A change's response is the
 * account as it is now, read (and logged as a read) after the change.
 */
@RestController
@RequestMapping("/api/v1/users")
@RequiresPermission(Permission.USERS_MANAGE)
class UserApiController {

    private final StaffAdministration staff;

    UserApiController(StaffAdministration staff) {
        this.staff = staff;
    }

    @GetMapping
    List<UserView> list(@AuthenticationPrincipal CustodianUser actor,
                        @RequestParam(defaultValue = "newest") String order) {
        StaffAdministration.Order chosen = "name".equals(order)
                ? StaffAdministration.Order.NAME : StaffAdministration.Order.NEWEST;
        return staff.list(actor, chosen).stream().map(UserView::of).toList();
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "Invited: the invitation email is sent")
    ResponseEntity<UserView> invite(@AuthenticationPrincipal CustodianUser actor, @RequestBody InviteRequest request) {
        UUID invited = staff.invite(actor, request.name(), request.email(), request.role());
        var location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}")
                .buildAndExpand(invited).toUri();
        return ResponseEntity.created(location).body(UserView.of(staff.get(actor, invited)));
    }

    @GetMapping("/{id}")
    UserView get(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id) {
        return UserView.of(staff.get(actor, id));
    }

    @PatchMapping("/{id}")
    UserView update(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id,
                    @RequestBody UpdateRequest request) {
        staff.update(actor, id, request.role(), request.enabled());
        return UserView.of(staff.get(actor, id));
    }

    @DeleteMapping("/{id}")
    @ApiResponse(responseCode = "204", description = "Removed")
    ResponseEntity<Void> remove(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id) {
        staff.remove(actor, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/unlock")
    UserView unlock(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id) {
        staff.unlock(actor, id);
        return UserView.of(staff.get(actor, id));
    }

    @PostMapping("/{id}/reset-two-factor")
    UserView resetTwoFactor(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id) {
        staff.resetSecondFactor(actor, id);
        return UserView.of(staff.get(actor, id));
    }

    /** Sends a new invitation; the earlier link stops working. */
    @PostMapping("/{id}/invitation")
    UserView resendInvitation(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id) {
        staff.resendInvitation(actor, id);
        return UserView.of(staff.get(actor, id));
    }

    record InviteRequest(String name, String email, String role) {

        @Override
        public String toString() {
            return "InviteRequest[role=" + role + ", redacted]";
        }
    }

    /** Either field may be left out to keep it as it is. */
    record UpdateRequest(String role, Boolean enabled) {
    }

    record UserView(UUID id, String name, String email, Role role, StaffStatus status, Instant lockedUntil,
                    Instant invitationExpiresAt, Instant lastSignInAt, boolean twoFactorEnrolled, Instant createdAt) {

        static UserView of(StaffMember member) {
            return new UserView(member.id(), member.name(), member.username(), member.role(), member.status(),
                    member.lockedUntil(), member.invitationExpiresAt(), member.lastSignInAt(),
                    member.secondFactorEnrolled(), member.createdAt());
        }

        @Override
        public String toString() {
            return "UserView[id=" + id + ", role=" + role + ", status=" + status + "]";
        }
    }
}
