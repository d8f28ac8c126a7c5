package org.custodian.marketing.internal;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.web.PublicEndpoint;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The opt-in page of the signed-in member of staff, and the one-click unsubscribe page. */
@Controller
class MarketingPageController {

    static final String PATH = "/account/news";

    private final Marketing marketing;

    MarketingPageController(Marketing marketing) {
        this.marketing = marketing;
    }

    @GetMapping(PATH)
    @RequiresPermission(Permission.OWN_ACCOUNT)
    String page(@AuthenticationPrincipal CustodianUser user, Model model) {
        Marketing.Status status = marketing.status(user);
        model.addAttribute("status", status);
        model.addAttribute("optedInOn", day(status.optedInAt()));
        model.addAttribute("unsubscribedOn", day(status.unsubscribedAt()));
        model.addAttribute("wording", marketing.wording());
        return "marketing/news";
    }

    @PostMapping(PATH)
    @RequiresPermission(Permission.OWN_ACCOUNT)
    String change(@AuthenticationPrincipal CustodianUser user, @RequestParam(defaultValue = "") String choice) {
        if ("yes".equals(choice)) {
            marketing.optIn(user);
        } else if ("no".equals(choice)) {
            marketing.withdraw(user);
        }
        return "redirect:" + PATH;
    }

    private static String day(java.time.Instant instant) {
        return instant == null ? null : java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.UK)
                .format(instant.atZone(java.time.ZoneId.of("Europe/London")));
    }

    /** One click from the email, no sign-in: the token alone says which address to stop mailing. */
    @GetMapping(Marketing.UNSUBSCRIBE_PATH + "{token}")
    @PublicEndpoint
    String unsubscribe(@PathVariable String token) {
        marketing.unsubscribe(token);
        return "marketing/unsubscribed";
    }
}
