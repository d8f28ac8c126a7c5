package org.custodian.rights.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.rights.internal.AccessBundleStore.Bundle;
import org.custodian.rights.internal.AccessBundles.Released;
import org.custodian.web.ClientAddress;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.custodian.web.PublicAddress;
import org.custodian.web.RequestIds;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The DPO's page for a request's bundle: build it, review its items (withhold any with an exemption),
 * release it (optionally with a one-time link whose passcode is shown here once), download it.
 */
@Controller
@RequiresPermission(Permission.RIGHTS_REQUESTS)
class AccessBundlePageController {

    static final String PATH = "/school/rights-requests/{id}/bundle";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm")
            .withZone(ZoneId.of("Europe/London"));

    private final AccessBundles bundles;
    private final PublicAddress address;

    AccessBundlePageController(AccessBundles bundles, PublicAddress address) {
        this.bundles = bundles;
        this.address = address;
    }

    /** An item as the page lists it; {@code description} says what the file holds. */
    record ItemRow(int position, String name, String description, boolean withheld, String exemption) {
        @Override
        public String toString() {
            return "ItemRow[position=" + position + ", withheld=" + withheld + "]";
        }
    }

    @GetMapping(PATH)
    String page(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, Model model) {
        return view(user, id, null, new FormErrors(), model);
    }

    @PostMapping(PATH + "/build")
    String build(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, HttpServletRequest http,
                 RedirectAttributes redirect, Model model) {
        try {
            bundles.build(user, id, RequestIds.of(http), ClientAddress.of(http));
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e) && e.status().value() != 409) {
                throw e;
            }
            return view(user, id, null, new FormErrors().add("build", e.getMessage()), model);
        }
        redirect.addFlashAttribute("banner", "The bundle was built. Review its items before releasing it.");
        return "redirect:/school/rights-requests/" + id + "/bundle";
    }

    @PostMapping(PATH + "/review")
    String review(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id,
                  @RequestParam Map<String, String> form, RedirectAttributes redirect, Model model) {
        Map<Integer, String> withheld = new HashMap<>();
        FormErrors errors = new FormErrors();
        for (Map.Entry<String, String> field : form.entrySet()) {
            if (field.getKey().startsWith("withhold-")) {
                int position;
                try {
                    position = Integer.parseInt(field.getKey().substring("withhold-".length()));
                } catch (NumberFormatException e) {
                    continue;
                }
                String exemption = form.getOrDefault("exemption-" + position, "").strip();
                if (exemption.isEmpty()) {
                    errors.add("exemption-" + position, "Give the exemption relied on for each item you withhold");
                } else if (exemption.length() > AccessBundles.MAX_EXEMPTION) {
                    errors.add("exemption-" + position, "An exemption must be " + AccessBundles.MAX_EXEMPTION
                            + " characters or fewer");
                } else {
                    withheld.put(position, exemption);
                }
            }
        }
        if (!errors.isEmpty()) {
            return view(user, id, null, errors, model);
        }
        try {
            bundles.review(user, id, withheld);
        } catch (ProblemException e) {
            if (e.status().value() != 409 && !FormErrors.fixableOnForm(e)) {
                throw e;
            }
            return view(user, id, null, new FormErrors().add("review", e.getMessage()), model);
        }
        redirect.addFlashAttribute("banner", withheld.isEmpty() ? "Reviewed: every item will be released."
                : "Reviewed: " + withheld.size() + " item(s) withheld.");
        return "redirect:/school/rights-requests/" + id + "/bundle";
    }

    @PostMapping(PATH + "/release")
    String release(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id,
                   @RequestParam(name = "link", required = false) String link, HttpServletRequest http, Model model) {
        Released released;
        try {
            released = bundles.release(user, id, link != null, RequestIds.of(http), ClientAddress.of(http));
        } catch (ProblemException e) {
            if (e.status().value() != 409) {
                throw e;
            }
            return view(user, id, null, new FormErrors().add("release", e.getMessage()), model);
        }
        model.addAttribute("banner", "The bundle was released.");
        return view(user, id, released.link() == null ? null : new LinkShown(
                address.link(released.link().path()),
                released.link().passcode(), WHEN.format(released.link().expiresAt())), new FormErrors(), model);
    }

    @GetMapping(PATH + "/download")
    ResponseEntity<byte[]> download(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return AccessBundleApiController.zipResponse(bundles.download(user, id), "bundle-" + id + ".zip");
    }

    /** Shown once, right after the release: the link and its passcode, to be sent by different routes. */
    record LinkShown(String url, String passcode, String expires) {
        @Override
        public String toString() {
            return "LinkShown[redacted]";
        }
    }

    private String view(CustodianUser user, UUID id, LinkShown link, FormErrors errors, Model model) {
        Bundle bundle;
        try {
            bundle = bundles.get(user, id);
        } catch (ProblemException e) {
            if (!"bundle-not-built".equals(e.code())) {
                throw e;
            }
            bundle = null;
        }
        model.addAttribute("requestId", id);
        model.addAttribute("bundle", bundle);
        model.addAttribute("items", bundle == null ? List.of() : bundle.items().stream()
                .map(i -> new ItemRow(i.position(), i.name(), describe(i.name()), i.withheld(), i.exemption())).toList());
        model.addAttribute("builtAt", bundle == null ? null : WHEN.format(bundle.builtAt()));
        model.addAttribute("reviewedAt", bundle == null || bundle.reviewedAt() == null ? null : WHEN.format(bundle.reviewedAt()));
        model.addAttribute("releasedAt", bundle == null || bundle.releasedAt() == null ? null : WHEN.format(bundle.releasedAt()));
        model.addAttribute("isReviewed", bundle != null && bundle.reviewed());
        model.addAttribute("isReleased", bundle != null && bundle.released());
        model.addAttribute("link", link);
        model.addAttribute("errors", errors);
        return "rights/bundle";
    }

    static String describe(String name) {
        return switch (name) {
            case AccessBundleBuilder.PDF -> "Readable summary: the data, purposes and lawful bases, recipients, sources, retention, access history";
            case AccessBundleBuilder.JSON_RECORD -> "Every stored field and optional category, classes, sources (JSON)";
            case AccessBundleBuilder.CSV_RECORD -> "Every stored field and optional category, for spreadsheets (CSV)";
            case AccessBundleBuilder.HISTORY -> "The access history, each entry with its proof against the signed checkpoint";
            case AccessBundleBuilder.CHECKPOINT -> "The signed checkpoint of the access log the proofs point to";
            case AccessBundleBuilder.KEYS -> "The installation's public keys, to check the checkpoint's signature";
            case AccessBundleBuilder.README -> "How to read the bundle and check the proofs";
            case AccessBundleBuilder.CTF -> "The record as a Common Transfer File (portability)";
            default -> name;
        };
    }
}
