package org.custodian.breaches.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.custodian.breaches.internal.BreachRegister.SchoolNotice;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.web.ClientAddress;
import org.custodian.web.RequestIds;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A school's breach notices from the platform, for its admins and DPO. */
@RestController
@RequestMapping("/api/v1/breach-notices")
@RequiresPermission(Permission.BREACH_NOTICES)
@Tag(name = "Breach notices", description = "Notices of personal data breaches that reached the school")
class BreachNoticeApiController {

    private final BreachRegister register;
    private final IcoReport icoReport;

    BreachNoticeApiController(BreachRegister register, IcoReport icoReport) {
        this.register = register;
        this.icoReport = icoReport;
    }

    record Acknowledged(boolean recorded) {
    }

    @GetMapping
    @Operation(summary = "The school's breach notices, newest first")
    List<SchoolNotice> list(@AuthenticationPrincipal CustodianUser user) {
        return register.notices(user);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One notice", description = "Problem breach-notice-not-found if the school has none with that id.")
    SchoolNotice get(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return register.notice(user, id);
    }

    @PostMapping("/{id}/acknowledgement")
    @Operation(summary = "Acknowledge the notice (who and when are recorded; once per person)")
    Acknowledged acknowledge(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return new Acknowledged(register.acknowledge(user, id));
    }

    @GetMapping("/{id}/pupils")
    @RequiresPermission(Permission.BREACH_SUBJECT_NAMES)
    @Operation(summary = "The school's own pupils the breach reached, by name (DPO only)",
            description = "A read logged in the access log under BREACH_INVESTIGATION.")
    Map<UUID, String> pupils(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id,
                             HttpServletRequest request) {
        return register.names(user, id, RequestIds.of(request), ClientAddress.of(request));
    }

    @GetMapping("/{id}/ico-report.pdf")
    @Operation(summary = "The draft ICO report for the school")
    ResponseEntity<byte[]> report(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return IcoReport.response(icoReport.forSchool(user, id));
    }
}
