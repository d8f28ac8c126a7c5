package org.custodian.marketing.internal;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in member of staff's own opt-in, and the platform's news mailing. */
@RestController
class MarketingApiController {

    private final Marketing marketing;

    MarketingApiController(Marketing marketing) {
        this.marketing = marketing;
    }

    @GetMapping("/api/v1/account/marketing")
    @RequiresPermission(Permission.OWN_ACCOUNT)
    Marketing.Status status(@AuthenticationPrincipal CustodianUser user) {
        return marketing.status(user);
    }

    /** Opts in under the wording {@code GET} shows (recorded with the opt-in), or confirms an opt-in. */
    @PutMapping("/api/v1/account/marketing")
    @RequiresPermission(Permission.OWN_ACCOUNT)
    Marketing.Status optIn(@AuthenticationPrincipal CustodianUser user) {
        return marketing.optIn(user);
    }

    @DeleteMapping("/api/v1/account/marketing")
    @RequiresPermission(Permission.OWN_ACCOUNT)
    Marketing.Status withdraw(@AuthenticationPrincipal CustodianUser user) {
        return marketing.withdraw(user);
    }

    @PostMapping("/api/v1/platform/marketing-mail")
    @RequiresPermission(Permission.MARKETING_SEND)
    Sent send(@RequestBody Mail mail) {
        return new Sent(marketing.send(mail == null ? null : mail.subject(), mail == null ? null : mail.body()));
    }

    record Mail(String subject, String body) {
    }

    record Sent(int sent) {
    }
}
