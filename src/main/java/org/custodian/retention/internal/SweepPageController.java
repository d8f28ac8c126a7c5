package org.custodian.retention.internal;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.retention.DeletionCertificates;
import org.custodian.retention.RetentionCategory;
import org.custodian.web.ProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The school's sweeps: whether deletion is automatic or waits for the DPO, a preview of what the
 * next sweep would delete (counts only) that the DPO may approve, and the deletion certificates.
 */
@Controller
@RequestMapping("/school/retention/sweeps")
class SweepPageController {

    private final RetentionSweeps sweeps;
    private final DeletionCertificates certificates;

    SweepPageController(RetentionSweeps sweeps, DeletionCertificates certificates) {
        this.sweeps = sweeps;
        this.certificates = certificates;
    }

    record Row(String records, String rule, String count) {
    }

    record CertificateRow(UUID id, String when, String kind) {
    }

    @GetMapping
    @RequiresPermission(Permission.RETENTION_VIEW)
    String page(@AuthenticationPrincipal CustodianUser user, @RequestParam(required = false) UUID preview, Model model) {
        UUID school = user.ownSchoolId();
        var mode = sweeps.mode(school);
        model.addAttribute("approvalRequired", mode.approvalRequired());
        model.addAttribute("modeChangedAt", mode.changedAt() == null ? null : RetentionPageController.WHEN.format(mode.changedAt()));
        model.addAttribute("mayChoose", user.getAuthorities().stream()
                .anyMatch(a -> Permission.RETENTION_CHOOSE.authority().equals(a.getAuthority())));
        model.addAttribute("mayApprove", user.getAuthorities().stream()
                .anyMatch(a -> Permission.RETENTION_APPROVE.authority().equals(a.getAuthority())));
        var shown = preview == null ? null : sweeps.findPreview(school, preview).orElse(null);
        model.addAttribute("preview", shown);
        model.addAttribute("rows", shown == null ? List.of() : shown.entries().stream().map(e -> new Row(
                RetentionCategory.valueOf(e.category()).records(),
                RetentionPageController.ruleWords(RetentionCategory.valueOf(e.category()),
                        org.custodian.retention.RetentionTrigger.valueOf(e.trigger()), java.time.Period.parse(e.period())),
                e.held() ? "Kept (legal hold)" : !e.swept() ? "Not swept" : String.valueOf(e.count()))).toList());
        model.addAttribute("madeAt", shown == null ? null : RetentionPageController.WHEN.format(shown.madeAt()));
        model.addAttribute("approvedAt", shown == null || shown.approvedAt() == null ? null
                : RetentionPageController.WHEN.format(shown.approvedAt()));
        model.addAttribute("certificates", certificates.list(school).stream().map(c -> new CertificateRow(c.id(),
                RetentionPageController.WHEN.format(c.issuedAt()),
                c.kind() == DeletionCertificates.Kind.SWEEP ? "Retention sweep" : "Purge")).toList());
        return "retention/sweeps";
    }

    @PostMapping("/preview")
    @RequiresPermission(Permission.RETENTION_VIEW)
    String preview(@AuthenticationPrincipal CustodianUser user) {
        return "redirect:/school/retention/sweeps?preview=" + sweeps.preview(user.ownSchoolId()).id();
    }

    @PostMapping("/previews/{id}/approval")
    @RequiresPermission(Permission.RETENTION_APPROVE)
    String approve(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        try {
            sweeps.approve(user, id);
            redirect.addFlashAttribute("banner", "Approved. The next sweep deletes what this preview shows.");
        } catch (ProblemException e) {
            if (!"stale-preview".equals(e.code())) {
                throw e;
            }
            redirect.addFlashAttribute("banner", "Not approved: this preview no longer matches the school's records or rules."
                    + " Make a new preview and approve that.");
        }
        return "redirect:/school/retention/sweeps?preview=" + id;
    }

    @PostMapping("/mode")
    @RequiresPermission(Permission.RETENTION_CHOOSE)
    String mode(@AuthenticationPrincipal CustodianUser user, @RequestParam(required = false) String approval,
                RedirectAttributes redirect) {
        if (!Set.of("automatic", "dpo").contains(String.valueOf(approval))) {
            throw ProblemException.badRequest("invalid-sweep-mode", "Choose automatic deletion or the DPO's approval.");
        }
        sweeps.chooseMode(user, "dpo".equals(approval));
        redirect.addFlashAttribute("banner", "Saved.");
        return "redirect:/school/retention/sweeps";
    }
}
