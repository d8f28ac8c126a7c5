package org.custodian.schools.internal;

import java.util.ArrayList;
import java.util.List;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.IsaStatus;
import org.custodian.schools.SchoolAttention;
import org.custodian.schools.IsaAcceptance;
import org.custodian.schools.IsaVersion;
import org.custodian.schools.Schools;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.springframework.http.ResponseEntity;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.web.ClientAddress;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Pages for a school's own staff. The school is always the signed-in user's own: no school id is
 * ever taken from the URL, so one school's staff cannot even name another school here.
 */
@Controller
@RequestMapping("/school")
class SchoolPageController {

    private static final String CONFIRMATION_REQUIRED =
            "Confirm that you have read the agreement and accept it on behalf of the school.";

    private final Schools schools;
    private final InformationSharingAgreements agreements;
    private final ObjectProvider<SchoolAttention> attention;

    SchoolPageController(Schools schools, InformationSharingAgreements agreements,
                         ObjectProvider<SchoolAttention> attention) {
        this.schools = schools;
        this.agreements = agreements;
        this.attention = attention;
    }

    @GetMapping
    @RequiresPermission(Permission.SCHOOL_VIEW)
    String overview(@AuthenticationPrincipal CustodianUser user, Model model) {
        model.addAttribute("school", schools.get(user.ownSchoolId(), user));
        IsaStatus isa = agreements.status(user.ownSchoolId(), user);
        model.addAttribute("isa", isa);
        model.addAttribute("mayAccept", user.role() == Role.SCHOOL_ADMIN);
        List<SchoolAttention.Item> items = new ArrayList<>();
        if (user.role() == Role.SCHOOL_ADMIN && isa.current() != null && !isa.acceptedCurrent()) {
            items.add(new SchoolAttention.Item("Version " + isa.current().version()
                    + " of the information sharing agreement waits for your acceptance.", "/school/agreement"));
        }
        attention.orderedStream().forEach(source -> items.addAll(source.itemsFor(user)));
        model.addAttribute("attention", items);
        return "schools/overview";
    }

    @GetMapping("/agreement")
    @RequiresPermission(Permission.SCHOOL_VIEW)
    String agreement(@AuthenticationPrincipal CustodianUser user, Model model) {
        return agreementPage(user, new AcceptForm(null, user.displayName(), null, null), new FormErrors(), model);
    }

    @PostMapping("/agreement")
    @RequiresPermission(Permission.AGREEMENT_ACCEPT)
    String accept(@AuthenticationPrincipal CustodianUser user, AcceptForm form, HttpServletRequest request,
                  HttpServletResponse response, Model model, RedirectAttributes redirect) {
        // Without the explicit confirmation nothing reaches the service, so nothing is recorded.
        if (!Boolean.TRUE.equals(form.confirmed())) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return agreementPage(user, form, new FormErrors().add("confirmed", CONFIRMATION_REQUIRED), model);
        }
        try {
            IsaAcceptance acceptance = agreements.accept(user.ownSchoolId(), form.contentHash(), form.signerName(),
                    form.signerRole(), ClientAddress.of(request), user);
            redirect.addFlashAttribute("banner", "You accepted version " + acceptance.version()
                    + " of the agreement on behalf of the school.");
            return "redirect:/school/agreement/receipts/" + acceptance.id();
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e)) {
                throw e;
            }
            response.setStatus(e.status().value());
            // The page now shows a newer text: the signer must confirm again that they have read it.
            AcceptForm shown = "isa-version-stale".equals(e.code())
                    ? new AcceptForm(null, form.signerName(), form.signerRole(), null) : form;
            return agreementPage(user, shown, new FormErrors().add(acceptField(e.code()), e.getMessage()), model);
        }
    }

    @GetMapping("/agreement/receipts/{id}")
    @RequiresPermission(Permission.SCHOOL_VIEW)
    String receipt(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, Model model) {
        IsaAcceptance acceptance = agreements.acceptance(user.ownSchoolId(), id, user);
        model.addAttribute("receipt", acceptance);
        model.addAttribute("version", agreements.versions().stream()
                .filter(version -> version.id().equals(acceptance.isaVersionId())).findFirst().orElse(null));
        return "schools/receipt";
    }

    @GetMapping("/agreement/receipts/{id}/download")
    @RequiresPermission(Permission.SCHOOL_VIEW)
    ResponseEntity<String> download(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return IsaApiController.receiptDownload(agreements, agreements.acceptance(user.ownSchoolId(), id, user));
    }

    private String agreementPage(CustodianUser user, AcceptForm form, FormErrors errors, Model model) {
        IsaVersion current = agreements.current().orElse(null);
        model.addAttribute("current", current);
        model.addAttribute("isa", agreements.status(user.ownSchoolId(), user));
        model.addAttribute("acceptances", agreements.acceptances(user.ownSchoolId(), user));
        model.addAttribute("mayAccept", user.role() == Role.SCHOOL_ADMIN && current != null);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "schools/agreement";
    }

    /** Where the error summary sends the signer; a stale or missing version points at the text. */
    private static String acceptField(String code) {
        return switch (code) {
            case "invalid-signer-name" -> "signerName";
            case "invalid-signer-role" -> "signerRole";
            default -> "agreement-text";
        };
    }

    /** The accept form; {@code contentHash} is the hash of the version the signer was shown. */
    record AcceptForm(String contentHash, String signerName, String signerRole, Boolean confirmed) {

        @Override
        public String toString() {
            return "AcceptForm[redacted]";
        }
    }
}
