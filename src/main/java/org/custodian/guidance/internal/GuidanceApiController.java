package org.custodian.guidance.internal;

import java.time.Instant;
import java.util.List;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The school's guidance: read and acknowledge it (staff), publish versions and require it (school admins). */
@RestController
class GuidanceApiController {

    private final Guidance guidance;

    GuidanceApiController(Guidance guidance) {
        this.guidance = guidance;
    }

    @GetMapping("/api/v1/guidance")
    @RequiresPermission(Permission.SCHOOL_VIEW)
    View view(@AuthenticationPrincipal CustodianUser user) {
        Guidance.View view = guidance.view(user);
        return new View(view.required(), view.current().map(GuidanceStore.Version::version).orElse(null),
                view.current().map(GuidanceStore.Version::body).orElse(null), view.acknowledgedByYou(),
                view.mustAcknowledge());
    }

    @PostMapping("/api/v1/guidance/acknowledgements")
    @RequiresPermission(Permission.SCHOOL_VIEW)
    ResponseEntity<Acknowledged> acknowledge(@AuthenticationPrincipal CustodianUser user, @RequestBody Acknowledge request) {
        Instant at = guidance.acknowledge(user, request == null ? null : request.version());
        return ResponseEntity.status(201).body(new Acknowledged(request.version(), at));
    }

    @GetMapping("/api/v1/guidance/acknowledgements")
    @RequiresPermission(Permission.GUIDANCE_MANAGE)
    List<GuidanceStore.Acknowledgement> acknowledgements(@AuthenticationPrincipal CustodianUser user) {
        return guidance.acknowledgements(user);
    }

    @PostMapping("/api/v1/guidance/versions")
    @RequiresPermission(Permission.GUIDANCE_MANAGE)
    ResponseEntity<Published> publish(@AuthenticationPrincipal CustodianUser user, @RequestBody Publish request) {
        return ResponseEntity.status(201).body(new Published(guidance.publish(user, request == null ? null : request.body())));
    }

    @PutMapping("/api/v1/guidance/requirement")
    @RequiresPermission(Permission.GUIDANCE_MANAGE)
    Requirement require(@AuthenticationPrincipal CustodianUser user, @RequestBody Requirement request) {
        guidance.require(user, request == null ? null : request.required());
        return request;
    }

    record View(boolean required, Integer version, String body, boolean acknowledgedByYou, boolean mustAcknowledge) {
    }

    record Acknowledge(Integer version) {
    }

    record Acknowledged(Integer version, Instant acknowledgedAt) {
    }

    record Publish(String body) {
    }

    record Published(int version) {
    }

    record Requirement(Boolean required) {
    }
}
